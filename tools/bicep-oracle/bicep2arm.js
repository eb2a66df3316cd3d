#!/usr/bin/env node
// bicep2arm: amlc's test oracle for Bicep files.
//
//   node tools/bicep-oracle/bicep2arm.js FILE.bicep > FILE.oracle.json
//
// It parses FILE with tree-sitter-bicep (pinned in package.json) and fails
// on any ERROR or MISSING node. It then converts the file into the classic
// ARM JSON template it denotes, the way `bicep build` would: parameters
// (with @secure() as securestring/secureObject), variables, resources
// (type@apiVersion split, `parent:` turned into a 'ws/cluster' name,
// `existing` resources left out), outputs, and every property tree. amlc's
// tests compare that template with the ARM JSON amlc writes for the same
// spec (internal/armschema.Canonical brings both into one form).
//
// This is our own re-implementation of Bicep's emitter for the subset amlc
// emits, not Bicep: it checks that the two outputs agree, not Bicep's real
// semantics, and it throws on every construct outside the subset rather
// than guess. It also reports a few errors the real compiler would and a
// grammar does not: undefined or duplicate symbols, escapes Bicep does not
// have, a child name with '/' under `parent:` (BCP170), a name whose
// segments do not match its type (BCP169), decorators shadowed by a symbol.
//
// Exit status: 0 and the template on stdout; 1 and FILE:LINE:COL messages
// on stderr when the file has a syntax error or cannot be converted; 2 on
// a usage error.
'use strict';

const fs = require('fs');
const Parser = require('tree-sitter');
const Bicep = require('tree-sitter-bicep');

const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

// An error at a node of the file.
class BicepError extends Error {
  constructor(node, message) {
    super(message);
    this.node = node;
  }
}

function fail(node, message) {
  throw new BicepError(node, message);
}

function unsupported(node, what) {
  fail(node, `unsupported by the oracle: ${what || node.type} (amlc emits only a classic subset of Bicep)`);
}

function pos(node) {
  return `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
}

// syntaxErrors lists every ERROR and MISSING node.
function syntaxErrors(root) {
  const out = [];
  const walk = (n) => {
    if (n.isMissing) {
      out.push({node: n, message: `syntax error: missing ${JSON.stringify(n.type)}`});
    } else if (n.type === 'ERROR') {
      const text = n.text.length > 40 ? n.text.slice(0, 40) + '…' : n.text;
      out.push({node: n, message: `syntax error: unexpected ${JSON.stringify(text)}`});
    }
    for (const c of n.children) walk(c);
  };
  walk(root);
  return out;
}

// kids returns the named children of n without comments.
function kids(n) {
  return n.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'diagnostic_comment');
}

function hasToken(n, token) {
  return n.children.some((c) => !c.isNamed && c.type === token);
}

// --- values ---------------------------------------------------------------
//
// Expressions evaluate to a small IR:
//   {t: 'str', v}  {t: 'int', v}  {t: 'bool', v}  {t: 'null'}
//   {t: 'obj', props: [[keyIR, ir], …]}  {t: 'arr', items: [ir, …]}
//   {t: 'expr', e}   (ARM expression text, without the brackets)

const quote = (s) => `'${s.replace(/'/g, "''")}'`;

// toExpr renders an IR inside an ARM expression.
function toExpr(ir) {
  switch (ir.t) {
    case 'str': return quote(ir.v);
    case 'int': return String(ir.v);
    case 'bool': return ir.v ? 'true()' : 'false()';
    case 'null': return 'null()';
    case 'obj': return `createObject(${ir.props.map(([k, v]) => `${toExpr(k)}, ${toExpr(v)}`).join(', ')})`;
    case 'arr': return `createArray(${ir.items.map(toExpr).join(', ')})`;
    case 'expr': return ir.e;
  }
  throw new Error(`bad IR ${ir.t}`);
}

// toJSON renders an IR as a template value.
function toJSON(ir) {
  switch (ir.t) {
    case 'str':
      // A literal that looks like an expression gets a second bracket.
      return /^\[.*\]$/s.test(ir.v) ? '[' + ir.v : ir.v;
    case 'int': return ir.v;
    case 'bool': return ir.v;
    case 'null': return null;
    case 'obj': return Object.fromEntries(ir.props.map(([k, v]) => [toJSON(k), toJSON(v)]));
    case 'arr': return ir.items.map(toJSON);
    case 'expr': return `[${ir.e}]`;
  }
  throw new Error(`bad IR ${ir.t}`);
}

const expr = (e) => ({t: 'expr', e});
const str = (v) => ({t: 'str', v});

// decodeString returns the pieces of a string node: literal text and
// interpolated expression nodes.
function stringPieces(node, src) {
  const ch = node.children;
  const open = ch[0];
  const close = ch[ch.length - 1];
  if (open.type === "'''") {
    // Verbatim: no escapes, no interpolation; a newline right after the
    // opening quotes is dropped.
    const text = src.slice(open.endIndex, close.startIndex).replace(/^\r?\n/, '');
    return [text];
  }
  const pieces = [];
  let lit = '';
  let cursor = open.endIndex;
  for (const c of ch.slice(1, -1)) {
    // The escape \$ is an anonymous token that tree-sitter does not show:
    // it is the text between two children.
    lit += decodeGap(node, src.slice(cursor, c.startIndex));
    cursor = c.endIndex;
    switch (c.type) {
      case 'string_content':
        lit += c.text;
        break;
      case 'escape_sequence':
        lit += decodeEscape(c, c.text);
        break;
      case 'interpolation':
        pieces.push(lit, kids(c)[0]);
        lit = '';
        break;
      case 'comment':
      case 'diagnostic_comment':
        lit += c.text;
        break;
      default:
        unsupported(c, `${c.type} in a string`);
    }
  }
  lit += decodeGap(node, src.slice(cursor, close.startIndex));
  pieces.push(lit);
  return pieces;
}

function decodeGap(node, gap) {
  let out = '';
  for (let i = 0; i < gap.length; i += 2) {
    const esc = gap.slice(i, i + 2);
    if (esc.length !== 2 || esc[0] !== '\\') fail(node, `cannot read ${JSON.stringify(gap)} in a string`);
    out += decodeEscape(node, esc);
  }
  return out;
}

// Bicep's escapes: \\ \' \n \r \t \$ \u{X}. The grammar accepts more
// (\x41, \0, \"), Bicep does not.
function decodeEscape(node, esc) {
  const simple = {'\\\\': '\\', "\\'": "'", '\\n': '\n', '\\r': '\r', '\\t': '\t', '\\$': '$'};
  if (esc in simple) return simple[esc];
  const m = /^\\u\{([0-9a-fA-F]{1,6})\}$/.exec(esc);
  if (m && parseInt(m[1], 16) <= 0x10ffff) return String.fromCodePoint(parseInt(m[1], 16));
  fail(node, `${esc} is not a Bicep escape sequence`);
}

const BINARY = {
  '==': 'equals', '&&': 'and', '||': 'or', '<': 'less', '<=': 'lessOrEquals', '>': 'greater',
  '>=': 'greaterOrEquals', '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '??': 'coalesce',
};

class Converter {
  constructor(src) {
    this.src = src;
    this.symbols = new Map(); // name → {kind: 'param'|'var'|'resource', node, …}
    this.refs = null; // resource symbols referred to while converting a resource body
  }

  declare(kind, idNode, extra) {
    const name = idNode.text;
    if (this.symbols.has(name)) fail(idNode, `the symbol ${name} is declared more than once`);
    const sym = {kind, name, node: idNode, ...extra};
    this.symbols.set(name, sym);
    return sym;
  }

  value(n) {
    switch (n.type) {
      case 'string': {
        const pieces = stringPieces(n, this.src);
        if (pieces.length === 1) return str(pieces[0]);
        let format = '';
        const args = [];
        pieces.forEach((p, i) => {
          if (i % 2 === 0) {
            format += p.replace(/[{}]/g, (b) => b + b);
          } else {
            format += `{${args.length}}`;
            args.push(toExpr(this.value(p)));
          }
        });
        return expr(`format(${[quote(format), ...args].join(', ')})`);
      }
      case 'number': {
        const v = Number(n.text);
        if (!Number.isSafeInteger(v)) unsupported(n, `the integer ${n.text} (beyond 2^53)`);
        return {t: 'int', v};
      }
      case 'boolean': return {t: 'bool', v: n.text === 'true'};
      case 'null': return {t: 'null'};
      case 'object': return {t: 'obj', props: this.objectProps(n).map(([k, , v]) => [k, this.value(v)])};
      case 'array':
        return {
          t: 'arr', items: kids(n).map((c) => {
            if (c.type === 'decorators') unsupported(c, 'decorators in an array');
            return this.value(c);
          }),
        };
      case 'parenthesized_expression': return this.value(kids(n)[0]);
      case 'identifier': {
        const sym = this.lookup(n);
        if (sym.kind === 'param') return expr(`parameters(${quote(sym.name)})`);
        if (sym.kind === 'var') return expr(`variables(${quote(sym.name)})`);
        return unsupported(n, `the resource ${sym.name} used as a value`);
      }
      case 'member_expression': return this.member(n);
      case 'subscript_expression':
        return expr(`${toExpr(this.value(n.childForFieldName('object')))}[${toExpr(this.value(n.childForFieldName('index')))}]`);
      case 'call_expression': return this.call(n);
      case 'ternary_expression':
        return expr(`if(${['condition', 'consequence', 'alternative'].map((f) => toExpr(this.value(n.childForFieldName(f)))).join(', ')})`);
      case 'unary_expression': {
        const op = n.childForFieldName('operator').type;
        if (op !== '!') unsupported(n, `the unary operator ${op}`);
        return expr(`not(${toExpr(this.value(n.childForFieldName('argument')))})`);
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator').type;
        const l = toExpr(this.value(n.childForFieldName('left')));
        const r = toExpr(this.value(n.childForFieldName('right')));
        if (op === '!=') return expr(`not(equals(${l}, ${r}))`);
        if (!(op in BINARY)) unsupported(n, `the operator ${op}`);
        return expr(`${BINARY[op]}(${l}, ${r})`);
      }
    }
    return unsupported(n);
  }

  lookup(idNode) {
    const sym = this.symbols.get(idNode.text);
    if (!sym) fail(idNode, `the name ${idNode.text} does not exist in the current context`);
    if (sym.kind === 'resource' && this.refs) this.refs.add(sym);
    return sym;
  }

  // objectProps returns [keyIR, keyNode, valueNode] for every property. ARM
  // evaluates object keys like values: a quoted key may be interpolated,
  // and a literal key that looks like an expression is escaped.
  objectProps(n) {
    const seen = new Set();
    return kids(n).map((p) => {
      if (p.type === 'decorators') unsupported(p, 'decorators in an object');
      if (p.type !== 'object_property') unsupported(p);
      const [k, v] = kids(p);
      const key = k.type === 'string' ? this.value(k) : str(k.text);
      const id = JSON.stringify(key);
      if (seen.has(id)) fail(k, `the property ${k.text} is declared more than once`);
      seen.add(id);
      return [key, k, v];
    });
  }

  member(n) {
    const obj = n.childForFieldName('object');
    const prop = n.childForFieldName('property').text;
    if (obj.type === 'identifier' && this.symbols.get(obj.text)?.kind === 'resource') {
      const res = this.lookup(obj);
      convertResource(this, res);
      switch (prop) {
        case 'id': return resourceId(res);
        case 'name': return res.ownName;
        case 'type': return str(res.type);
        case 'apiVersion': return str(res.apiVersion);
      }
      return unsupported(n, `${obj.text}.${prop} (only id, name, type and apiVersion of a resource)`);
    }
    return expr(`${toExpr(this.value(obj))}.${prop}`);
  }

  call(n) {
    const fn = n.childForFieldName('function');
    let name;
    if (fn.type === 'identifier') {
      name = fn.text;
      if (this.symbols.has(name)) fail(fn, `${name} is a symbol of this file, not a function (use sys.${name} or az.${name})`);
    } else if (fn.type === 'member_expression' && ['sys', 'az'].includes(fn.childForFieldName('object').text)) {
      name = fn.childForFieldName('property').text;
    } else {
      return unsupported(fn, 'a call of this form');
    }
    const args = kids(n.childForFieldName('arguments')).map((a) => this.value(a));
    if (name === 'any' && args.length === 1) return args[0]; // compile-time only
    if (name.startsWith('load')) unsupported(n, `${name}() (compile-time file loading)`);
    return expr(`${name}(${args.map(toExpr).join(', ')})`);
  }

  // literal evaluates a decorator argument, which must be a constant.
  literal(n) {
    const ir = this.value(n);
    const constant = (x) => x.t !== 'expr' &&
      (x.props || []).every(([k, v]) => constant(k) && constant(v)) && (x.items || []).every(constant);
    if (!constant(ir)) fail(n, 'a decorator argument must be a constant');
    return toJSON(ir);
  }

  // decorators turns the decorators before a declaration into {name: [argNodes]}.
  decorators(dec, allowed) {
    const out = {};
    for (const d of dec ? kids(dec) : []) {
      const call = kids(d)[0];
      const fn = call.childForFieldName('function');
      let name;
      if (fn.type === 'identifier') {
        name = fn.text;
        if (this.symbols.has(name)) fail(fn, `@${name} refers to the symbol ${name}; write @sys.${name}`);
      } else if (fn.type === 'member_expression' && fn.childForFieldName('object').text === 'sys') {
        name = fn.childForFieldName('property').text;
      } else {
        unsupported(fn, 'this decorator');
      }
      if (!allowed.includes(name)) unsupported(d, `the decorator @${name} here`);
      if (name in out) fail(d, `the decorator @${name} is applied twice`);
      out[name] = {node: d, args: kids(call.childForFieldName('arguments'))};
    }
    return out;
  }

  typeName(typeNode, secure) {
    const t = kids(typeNode);
    if (t.length !== 1 || t[0].type !== 'primitive_type') unsupported(typeNode, `the type ${typeNode.text}`);
    const name = t[0].text;
    if (!['string', 'int', 'bool', 'object', 'array'].includes(name)) unsupported(typeNode, `the type ${name}`);
    if (!secure) return name;
    if (name === 'string') return 'securestring';
    if (name === 'object') return 'secureObject';
    return fail(typeNode, `@secure() applies to string and object, not ${name}`);
  }

  oneArg(dec) {
    if (dec.args.length !== 1) fail(dec.node, 'want exactly one argument');
    return this.literal(dec.args[0]);
  }
}

// resourceId returns the ARM expression for res.id.
function resourceId(res) {
  const args = [quote(res.type), ...nameSegments(res).map(toExpr)];
  const root = rootOf(res);
  if (root.scope) args.unshift(...root.scope);
  return expr(`resourceId(${args.join(', ')})`);
}

function rootOf(res) {
  return res.parent ? rootOf(res.parent) : res;
}

// nameSegments returns the IRs of the segments of a resource's full name.
function nameSegments(res) {
  if (res.parent) return [...nameSegments(res.parent), res.ownName];
  if (res.ownName.t === 'str') return res.ownName.v.split('/').map(str);
  if (res.type.split('/').length > 2) {
    unsupported(res.node, `the segments of the computed name of ${res.name} (give it a parent)`);
  }
  return [res.ownName];
}

// fullName is the ARM "name" of a resource: 'ws/cluster' for a child.
function fullName(res) {
  const segs = nameSegments(res);
  if (segs.length === 1) return segs[0];
  if (segs.every((s) => s.t === 'str')) return str(segs.map((s) => s.v).join('/'));
  return expr(`format(${[quote(segs.map((_, i) => `{${i}}`).join('/')), ...segs.map(toExpr)].join(', ')})`);
}

function convert(root, src) {
  const c = new Converter(src);
  const tpl = {$schema: TEMPLATE_SCHEMA, contentVersion: '1.0.0.0'};
  const metadata = {};
  const parameters = {};
  const variables = {};
  const resources = [];
  const outputs = {};
  const outputNames = new Set();

  // Pair every declaration with the decorators before it.
  const decls = [];
  let pending = null;
  for (const n of kids(root)) {
    if (n.type === 'decorators') {
      if (pending) fail(n, 'two groups of decorators');
      pending = n;
      continue;
    }
    decls.push({n, dec: pending});
    pending = null;
  }
  if (pending) fail(pending, 'decorators without a declaration');

  // Symbols first: Bicep lets a declaration refer to a later one.
  for (const {n} of decls) {
    const k = kids(n);
    switch (n.type) {
      case 'parameter_declaration': c.declare('param', k[0]); break;
      case 'variable_declaration': c.declare('var', k[0]); break;
      case 'resource_declaration': {
        const typeNode = k[1];
        const pieces = typeNode.type === 'string' ? stringPieces(typeNode, src) : [];
        const m = pieces.length === 1 && /^([^@]+)@(.+)$/.exec(pieces[0]);
        if (!m) fail(typeNode, "a resource type must be a literal 'Namespace/type@apiVersion'");
        c.declare('resource', k[0], {type: m[1], apiVersion: m[2], existing: hasToken(n, 'existing'), decl: n});
        break;
      }
    }
  }

  for (const {n, dec} of decls) {
    const k = kids(n);
    switch (n.type) {
      case 'target_scope_assignment': {
        const scope = c.literal(k[0]);
        if (scope !== 'resourceGroup') unsupported(n, `targetScope '${scope}'`);
        break;
      }
      case 'metadata_declaration':
        metadata[k[0].text] = toJSON(c.value(k[1]));
        break;
      case 'parameter_declaration': {
        const d = c.decorators(dec, ['secure', 'description', 'minLength', 'maxLength', 'minValue', 'maxValue', 'allowed', 'metadata']);
        const p = {type: c.typeName(k[1], 'secure' in d)};
        if (d.secure && d.secure.args.length) fail(d.secure.node, '@secure() takes no arguments');
        if (k[2]) p.defaultValue = toJSON(c.value(k[2]));
        for (const key of ['minLength', 'maxLength', 'minValue', 'maxValue']) {
          if (d[key]) p[key] = c.oneArg(d[key]);
        }
        if (d.allowed) p.allowedValues = c.oneArg(d.allowed);
        const md = d.metadata ? c.oneArg(d.metadata) : {};
        if (d.description) md.description = c.oneArg(d.description);
        if (Object.keys(md).length) p.metadata = md;
        parameters[k[0].text] = p;
        break;
      }
      case 'variable_declaration':
        c.decorators(dec, []);
        variables[k[0].text] = toJSON(c.value(k[1]));
        break;
      case 'resource_declaration':
        c.decorators(dec, []);
        convertResource(c, c.symbols.get(k[0].text));
        break;
      case 'output_declaration': {
        const d = c.decorators(dec, ['description', 'secure']);
        const name = k[0].text;
        if (outputNames.has(name)) fail(k[0], `the output ${name} is declared more than once`);
        outputNames.add(name);
        const o = {type: c.typeName(k[1], 'secure' in d), value: toJSON(c.value(k[2]))};
        if (d.description) o.metadata = {description: c.oneArg(d.description)};
        outputs[name] = o;
        break;
      }
      default:
        unsupported(n);
    }
  }

  // Emit resources in declaration order, after all of them are resolved.
  for (const {n} of decls) {
    if (n.type !== 'resource_declaration') continue;
    const res = c.symbols.get(kids(n)[0].text);
    if (res.existing) continue;
    const r = {type: res.type, apiVersion: res.apiVersion, name: toJSON(fullName(res))};
    if (res.condition) r.condition = toJSON(res.condition);
    for (const [key, ir] of res.body) r[key] = toJSON(ir);
    const deps = [];
    for (const dep of res.deps) {
      if (dep === res) fail(res.node, `the resource ${res.name} depends on itself`);
      const e = toJSON(resourceId(dep));
      if (!dep.existing && !deps.includes(e)) deps.push(e);
    }
    if (deps.length) r.dependsOn = deps;
    resources.push(r);
  }

  if (Object.keys(metadata).length) tpl.metadata = metadata;
  if (Object.keys(parameters).length) tpl.parameters = parameters;
  if (Object.keys(variables).length) tpl.variables = variables;
  tpl.resources = resources;
  if (Object.keys(outputs).length) tpl.outputs = outputs;
  return tpl;
}

// convertResource reads the body of a resource declaration into res.
function convertResource(c, res) {
  if (res.body) return; // converted already, when another declaration referred to it
  if (res.converting) fail(res.node, `the resource ${res.name} refers to itself`);
  res.converting = true;
  const saved = c.refs;
  c.refs = null;
  convertBody(c, res);
  c.refs = saved;
  res.converting = false;
}

function convertBody(c, res) {
  let body = kids(res.decl)[2];
  if (body.type === 'if_statement') {
    const [cond, obj] = kids(body);
    res.condition = c.value(cond);
    body = obj;
  }
  if (body.type !== 'object') unsupported(body, `a resource body of type ${body.type}`);
  const props = new Map(c.objectProps(body).map(([key, keyNode, v]) => {
    if (key.t !== 'str') unsupported(keyNode, 'a computed property name in a resource body');
    return [key.v, {keyNode, v}];
  }));
  const out = [];
  res.deps = new Set();

  const parent = props.get('parent');
  if (parent) {
    if (parent.v.type !== 'identifier') unsupported(parent.v, 'a parent that is not a resource symbol');
    const p = c.lookup(parent.v);
    if (p.kind !== 'resource') fail(parent.v, `${p.name} is not a resource`);
    convertResource(c, p);
    if (!res.type.startsWith(p.type + '/') || res.type.slice(p.type.length + 1).includes('/')) {
      fail(parent.v, `${res.type} is not a child type of ${p.type}`);
    }
    res.parent = p;
    res.deps.add(p);
  }
  const nameProp = props.get('name');
  if (!nameProp) fail(body, `the resource ${res.name} has no name`);
  res.ownName = c.value(nameProp.v);
  const typeSegs = res.type.split('/').length - 1;
  if (res.ownName.t === 'str') {
    const nameSegs = res.ownName.v.split('/').length;
    if (res.parent && nameSegs !== 1) {
      fail(nameProp.v, 'BCP170: a child resource with a parent property must not have "/" in its name');
    }
    if (!res.parent && nameSegs !== typeSegs) {
      fail(nameProp.v, `BCP169: the name must have ${typeSegs - 1} "/" character(s) for the type ${res.type}`);
    }
  }
  const scope = props.get('scope');
  if (scope) {
    // Only an existing resource in another resource group of the deployment.
    const v = scope.v;
    const fn = v.type === 'call_expression' && v.childForFieldName('function');
    if (!res.existing || !fn || fn.text !== 'resourceGroup') unsupported(v, 'this scope');
    res.scope = kids(v.childForFieldName('arguments')).map((a) => toExpr(c.value(a)));
  }
  const explicit = props.get('dependsOn');
  if (explicit) {
    if (explicit.v.type !== 'array') unsupported(explicit.v, 'dependsOn that is not an array of resources');
    for (const d of kids(explicit.v)) {
      const sym = d.type === 'identifier' && c.lookup(d);
      if (!sym || sym.kind !== 'resource') unsupported(d, 'a dependsOn entry that is not a resource symbol');
      res.deps.add(sym);
    }
  }
  if (!res.existing) {
    c.refs = new Set();
    for (const [key, {keyNode, v}] of props) {
      if (['parent', 'name', 'scope', 'dependsOn'].includes(key)) continue;
      if (['type', 'apiVersion', 'condition', 'copy'].includes(key)) fail(keyNode, `${key} is not a property of a Bicep resource body`);
      out.push([key, c.value(v)]);
    }
    for (const r of c.refs) res.deps.add(r);
  }
  res.body = out;
}

function main(argv) {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    process.stderr.write('usage: node bicep2arm.js FILE.bicep\n');
    return 2;
  }
  const file = argv[0];
  let src;
  try {
    src = fs.readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: ${e.message}\n`);
    return 1;
  }
  const parser = new Parser();
  parser.setLanguage(Bicep);
  const tree = parser.parse(src);
  const errs = syntaxErrors(tree.rootNode);
  if (errs.length) {
    for (const e of errs) process.stderr.write(`${file}:${pos(e.node)}: ${e.message}\n`);
    return 1;
  }
  let tpl;
  try {
    tpl = convert(tree.rootNode, src);
  } catch (e) {
    if (!(e instanceof BicepError)) throw e;
    process.stderr.write(`${file}:${pos(e.node)}: ${e.message}\n`);
    return 1;
  }
  process.stdout.write(JSON.stringify(tpl, null, 2) + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
