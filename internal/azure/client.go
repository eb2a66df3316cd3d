package azure

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armlocks"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/redact"
)

// The clouds --cloud accepts.
const (
	CloudPublic     = "AzurePublic"
	CloudChina      = "AzureChina"
	CloudGovernment = "AzureUSGovernment"
)

// DefaultParallel is the default bound on concurrent operations.
const DefaultParallel = 8

// Options configure a [Client]. The zero value talks to Azure's public
// cloud with DefaultAzureCredential.
type Options struct {
	// Cloud is AzurePublic (the default), AzureChina or AzureUSGovernment.
	Cloud string
	// Endpoint, when set, is the ARM endpoint every call goes to instead
	// of the cloud's: a sovereign cloud, Azure Stack or a test server. TLS
	// is always verified; a test server is trusted through SSL_CERT_FILE.
	Endpoint string
	// Token, when set, is an ARM access token used as is instead of
	// DefaultAzureCredential (AMLC_ACCESS_TOKEN).
	Token string
	// Parallel bounds the operations in flight; 0 means DefaultParallel.
	Parallel int
	// Retry configures retries of 429, 408 and transient 5xx responses and
	// of connection errors; zero fields take azcore's defaults (3 retries,
	// 800ms exponential delay, at most 60s; Retry-After is honoured).
	Retry policy.RetryOptions
	// PollFrequency is how often a long-running operation is polled when
	// the service does not say (Retry-After); 0 means 5s.
	PollFrequency time.Duration
	// Transport replaces the HTTP client (tests).
	Transport policy.Transporter
	// Sensitive, when set, receives the token and every token the
	// credential hands out, so that no output can show them.
	Sensitive *redact.Set
}

// Client talks to ARM. It is safe for concurrent use.
type Client struct {
	opts     Options
	cred     azcore.TokenCredential
	armOpts  *arm.ClientOptions
	mlOpts   *arm.ClientOptions // armOpts at compiler.APIVersion
	endpoint string
	raw      *arm.Client
	sem      chan struct{}

	mu      sync.Mutex
	compute map[string]*armmachinelearning.ComputeClient
	spaces  map[string]*armmachinelearning.WorkspacesClient
	sizes   map[string]*armmachinelearning.VirtualMachineSizesClient
	usages  map[string]*armmachinelearning.UsagesClient
	deploys map[string]*armresources.DeploymentsClient
	locks   map[string]*armlocks.ManagementLocksClient
}

// CloudConfig returns the azcore cloud configuration of a cloud name and
// an optional custom ARM endpoint.
func CloudConfig(name, endpoint string) (cloud.Configuration, error) {
	var base cloud.Configuration
	switch strings.ToLower(name) {
	case "", "azurepublic", "azurecloud", "public":
		base = cloud.AzurePublic
	case "azurechina", "azurechinacloud", "china":
		base = cloud.AzureChina
	case "azureusgovernment", "azureusgovernmentcloud", "usgovernment":
		base = cloud.AzureGovernment
	default:
		return cloud.Configuration{}, fmt.Errorf("unknown cloud %q: want %s, %s or %s", name, CloudPublic, CloudChina, CloudGovernment)
	}
	// Clone: the package-level configurations are shared.
	conf := cloud.Configuration{ActiveDirectoryAuthorityHost: base.ActiveDirectoryAuthorityHost, Services: map[cloud.ServiceName]cloud.ServiceConfiguration{}}
	for k, v := range base.Services {
		conf.Services[k] = v
	}
	if endpoint != "" {
		if _, err := CheckEndpoint(endpoint); err != nil {
			return cloud.Configuration{}, err
		}
		rm := conf.Services[cloud.ResourceManager]
		rm.Endpoint = strings.TrimRight(endpoint, "/")
		if rm.Audience == "" {
			rm.Audience = cloud.AzurePublic.Services[cloud.ResourceManager].Audience
		}
		conf.Services[cloud.ResourceManager] = rm
	}
	return conf, nil
}

// New returns a client. It makes no call: credentials are fetched with the
// first request.
func New(opts Options) (*Client, error) {
	conf, err := CloudConfig(opts.Cloud, opts.Endpoint)
	if err != nil {
		return nil, err
	}
	if opts.Parallel <= 0 {
		opts.Parallel = DefaultParallel
	}
	if opts.PollFrequency <= 0 {
		opts.PollFrequency = 5 * time.Second
	}
	co := policy.ClientOptions{Cloud: conf, Retry: opts.Retry, Transport: opts.Transport}
	co.Telemetry.ApplicationID = "amlc"
	var cred azcore.TokenCredential
	if opts.Token != "" {
		cred = staticToken(opts.Token)
	} else {
		cred, err = azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{ClientOptions: co})
		if err != nil {
			return nil, fmt.Errorf("credentials: %w", err)
		}
	}
	if opts.Sensitive != nil {
		opts.Sensitive.Add(opts.Token)
		cred = recordingCredential{cred, opts.Sensitive}
	}
	// The ARM pipeline: only to the endpoint, over TLS, never redirected
	// (transport.go). The credential keeps azcore's own transport: a
	// managed identity is reached over plain http on the host.
	rm, err := CheckEndpoint(conf.Services[cloud.ResourceManager].Endpoint)
	if err != nil {
		return nil, err
	}
	armOpts := &arm.ClientOptions{ClientOptions: co}
	armOpts.Transport = armTransport(co.Transport)
	armOpts.PerCallPolicies = append([]policy.Policy{endpointPolicy{allowed: originOf(rm)}, requiredPolicy{}}, armOpts.PerCallPolicies...)
	// The Microsoft.MachineLearningServices clients of Go SDK v4.0.0 write
	// api-version=2024-04-01 into every request; ClientOptions.APIVersion
	// makes azcore's API-version policy replace it (long-running-operation
	// polls included) with the one version amlc's templates use. The rest
	// is armOpts: the same transport and policies.
	mlOpts := *armOpts
	mlOpts.APIVersion = compiler.APIVersion
	raw, err := arm.NewClient("amlc.raw", "v1.0.0", cred, armOpts)
	if err != nil {
		return nil, err
	}
	return &Client{
		opts:     opts,
		cred:     cred,
		armOpts:  armOpts,
		mlOpts:   &mlOpts,
		endpoint: raw.Endpoint(),
		raw:      raw,
		sem:      make(chan struct{}, opts.Parallel),
		compute:  map[string]*armmachinelearning.ComputeClient{},
		spaces:   map[string]*armmachinelearning.WorkspacesClient{},
		sizes:    map[string]*armmachinelearning.VirtualMachineSizesClient{},
		usages:   map[string]*armmachinelearning.UsagesClient{},
		deploys:  map[string]*armresources.DeploymentsClient{},
		locks:    map[string]*armlocks.ManagementLocksClient{},
	}, nil
}

// Endpoint returns the ARM endpoint the client talks to.
func (c *Client) Endpoint() string { return c.endpoint }

// Pipeline returns the client's pipeline, for raw requests.
func (c *Client) Pipeline() runtime.Pipeline { return c.raw.Pipeline() }

// acquire takes one of the Parallel slots, or fails when ctx is done.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) release() { <-c.sem }

// clientFor returns the client of a subscription from m, making it with
// mk on first use.
func clientFor[T any](c *Client, m map[string]*T, sub string, mk func(string, azcore.TokenCredential, *arm.ClientOptions) (*T, error)) (*T, error) {
	return clientWith(c, c.armOpts, m, sub, mk)
}

// mlClientFor is clientFor for the Microsoft.MachineLearningServices
// clients, which send compiler.APIVersion.
func mlClientFor[T any](c *Client, m map[string]*T, sub string, mk func(string, azcore.TokenCredential, *arm.ClientOptions) (*T, error)) (*T, error) {
	return clientWith(c, c.mlOpts, m, sub, mk)
}

func clientWith[T any](c *Client, opts *arm.ClientOptions, m map[string]*T, sub string, mk func(string, azcore.TokenCredential, *arm.ClientOptions) (*T, error)) (*T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := strings.ToLower(sub)
	if x, ok := m[key]; ok {
		return x, nil
	}
	x, err := mk(sub, c.cred, opts)
	if err != nil {
		return nil, err
	}
	m[key] = x
	return x, nil
}

func (c *Client) computeClient(sub string) (*armmachinelearning.ComputeClient, error) {
	return mlClientFor(c, c.compute, sub, armmachinelearning.NewComputeClient)
}

func (c *Client) workspacesClient(sub string) (*armmachinelearning.WorkspacesClient, error) {
	return mlClientFor(c, c.spaces, sub, armmachinelearning.NewWorkspacesClient)
}

func (c *Client) sizesClient(sub string) (*armmachinelearning.VirtualMachineSizesClient, error) {
	return mlClientFor(c, c.sizes, sub, armmachinelearning.NewVirtualMachineSizesClient)
}

func (c *Client) usagesClient(sub string) (*armmachinelearning.UsagesClient, error) {
	return mlClientFor(c, c.usages, sub, armmachinelearning.NewUsagesClient)
}

func (c *Client) deploymentsClient(sub string) (*armresources.DeploymentsClient, error) {
	return clientFor(c, c.deploys, sub, armresources.NewDeploymentsClient)
}

func (c *Client) locksClient(sub string) (*armlocks.ManagementLocksClient, error) {
	return clientFor(c, c.locks, sub, armlocks.NewManagementLocksClient)
}

// recordingCredential adds every token its credential hands out to a set
// of sensitive values.
type recordingCredential struct {
	azcore.TokenCredential
	set *redact.Set
}

func (c recordingCredential) GetToken(ctx context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := c.TokenCredential.GetToken(ctx, o)
	if err == nil {
		c.set.Add(tok.Token)
	}
	return tok, err
}

// staticToken is a credential that always returns one ARM access token.
type staticToken string

func (t staticToken) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if t == "" {
		return azcore.AccessToken{}, errors.New("empty access token")
	}
	return azcore.AccessToken{Token: string(t), ExpiresOn: time.Now().Add(time.Hour)}, nil
}
