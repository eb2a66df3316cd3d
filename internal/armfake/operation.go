package armfake

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The path segments of compute operation URLs, as Azure ML spells them.
const (
	opStatusSegment = "computeOperationsStatus"
	opResultSegment = "computeOperationsResults"
)

// The statuses of an operation.
const (
	opInProgress = "InProgress"
	opRunning    = "Running" // what ARM deployments report while in progress
	opSucceeded  = "Succeeded"
	opFailed     = "Failed"
)

// operation is a long-running operation. It stays in progress for a number
// of polls of its status (or result) URL, then completes: complete applies
// its outcome, and fail undoes it when it ends Failed.
type operation struct {
	id         string
	sub        string
	statusURL  string // Azure-AsyncOperation
	resultURL  string // Location, "" when the operation has none
	inProgress string // the status while in progress
	pollsLeft  int
	status     string
	err        *armError
	inject     *armError // the failure a fault injected
	start, end time.Time

	complete func() *armError
	fail     func(*armError)
	// view, when set, is the resource the Location URL returns once the
	// operation succeeded (final-state-via location with a final-state
	// schema); without it, that URL answers 204.
	view func() any
}

func (op *operation) done() bool { return op.status != opInProgress && op.status != opRunning }

// newOpID returns a random GUID.
func newOpID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// startComputeOp registers an operation on a compute, with status and
// result URLs under the compute's location. r is the request that starts
// it, which a FailOperation fault may match.
func (s *Server) startComputeOp(r *http.Request, c *Compute, withResult bool, complete func() *armError, fail func(*armError)) *operation {
	id := newOpID()
	base := fmt.Sprintf("%s/subscriptions/%s/providers/Microsoft.MachineLearningServices/locations/%s/", s.URL(), c.Subscription, url.PathEscape(c.Location))
	q := "?api-version=" + url.QueryEscape(r.URL.Query().Get("api-version"))
	op := s.newOp(r, id, c.Subscription, opInProgress, complete, fail)
	op.statusURL = base + opStatusSegment + "/" + id + q
	if withResult {
		op.resultURL = base + opResultSegment + "/" + id + q
	}
	return op
}

// newOp registers an operation.
func (s *Server) newOp(r *http.Request, id, sub, inProgress string, complete func() *armError, fail func(*armError)) *operation {
	op := &operation{
		id: id, sub: sub, inProgress: inProgress, status: inProgress, pollsLeft: s.opts.Polls,
		start: s.now(), complete: complete, fail: fail,
		inject: s.takeOperationFault(r),
	}
	s.st.ops[id] = op
	return op
}

// advance counts one poll; the poll after the last in-progress one
// completes the operation.
func (s *Server) advance(op *operation) {
	if op.done() {
		return
	}
	if op.pollsLeft > 0 {
		op.pollsLeft--
		return
	}
	s.finish(op)
}

// finish completes op now.
func (s *Server) finish(op *operation) {
	err := op.inject
	if err == nil {
		err = op.complete()
	}
	op.end = s.now()
	if err != nil {
		op.status, op.err = opFailed, err
		op.fail(err)
		return
	}
	op.status = opSucceeded
}

// Settle completes every running operation as if it had been polled to
// its end.
func (s *Server) Settle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, op := range s.st.ops {
		if !op.done() {
			s.finish(op)
		}
	}
}

// setLROHeaders sets the headers of a response that starts op.
func (s *Server) setLROHeaders(w http.ResponseWriter, op *operation) {
	w.Header().Set("Azure-AsyncOperation", op.statusURL)
	if op.resultURL != "" {
		w.Header().Set("Location", op.resultURL)
	}
	s.setRetryAfter(w)
}

func (s *Server) setRetryAfter(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(int((s.opts.RetryAfter+time.Second-1)/time.Second)))
}

// opStatusJSON is the body of an Azure-AsyncOperation URL.
type opStatusJSON struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	StartTime string    `json:"startTime"`
	EndTime   string    `json:"endTime,omitempty"`
	Error     *armError `json:"error,omitempty"`
}

// lookupOp finds the operation of a status or result URL.
func (s *Server) lookupOp(p params) (*operation, *armError) {
	op := s.st.ops[p["id"]]
	if op == nil || key(op.sub) != key(p["sub"]) {
		return nil, errorf(http.StatusNotFound, codeNotFound, "The operation '%s' was not found.", p["id"])
	}
	return op, nil
}

// getOperationStatus answers an Azure-AsyncOperation poll.
func (s *Server) getOperationStatus(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	op, err := s.lookupOp(p)
	if err != nil {
		writeError(w, err)
		return
	}
	s.advance(op)
	v := opStatusJSON{ID: r.URL.Path, Name: op.id, Status: op.status, StartTime: azureTime(op.start), Error: op.err}
	if op.done() {
		v.EndTime = azureTime(op.end)
	} else {
		s.setRetryAfter(w)
	}
	writeJSON(w, http.StatusOK, v)
}

// getOperationResult answers a Location poll: 202 while in progress, 204
// on success, the error's status when it failed.
func (s *Server) getOperationResult(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	op, err := s.lookupOp(p)
	if err != nil {
		writeError(w, err)
		return
	}
	s.advance(op)
	switch op.status {
	case opSucceeded:
		if op.view != nil {
			writeJSON(w, http.StatusOK, op.view())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case opFailed:
		e := *op.err
		if e.status == 0 {
			e.status = http.StatusInternalServerError
		}
		writeError(w, &e)
	default:
		w.Header().Set("Location", op.resultURL)
		s.setRetryAfter(w)
		w.WriteHeader(http.StatusAccepted)
	}
}
