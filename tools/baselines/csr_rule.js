#!/usr/bin/env node
// Node.js baseline: Kubernetes.ClientCertificate.Created in plain JavaScript over NDJSON (JSON.parse per line).
// usage: node csr_rule.js EVENTS.ndjson [--list]   (--list prints the 1-based line number of each match on stdout)
// Prints the match count and events/s on stderr. Known difference from the C++ reference and Python: JSON.parse
// cannot tell 403.0 or 4e2 from 403/400, so such codes count as integers here.
'use strict';

const fs = require('fs');

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function deepGet(value, ...keys) {
  for (const key of keys) {
    if (!isObject(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

// Python's `needle in value` on JSON values: substring, list element, object key.
function contains(value, needle) {
  if (typeof value === 'string') return value.includes(needle);
  if (Array.isArray(value)) return value.includes(needle);
  if (isObject(value)) return Object.prototype.hasOwnProperty.call(value, needle);
  return false;
}

// audit.k8s.io Event -> normalised view (EKS top level, AKS properties.log).
function auditView(event) {
  return {
    verb: deepGet(event, 'verb'),
    resource: deepGet(event, 'objectRef', 'resource'),
    username: deepGet(event, 'user', 'username'),
    responseStatus: deepGet(event, 'responseStatus'),
    requestObject: deepGet(event, 'requestObject'),
  };
}

function aksView(event) {
  const category = event.category;
  if (category !== 'kube-audit' && category !== 'kube-audit-admin') return null;
  const log = deepGet(event, 'properties', 'log');
  if (typeof log !== 'string' || log === '') return null;
  let audit;
  try {
    audit = JSON.parse(log);
  } catch (e) {
    return null;
  }
  return isObject(audit) ? auditView(audit) : null;
}

function gkeView(event) {
  const payload = event.protoPayload;
  if (deepGet(payload, 'serviceName') !== 'k8s.io') return null;
  const method = deepGet(payload, 'methodName');
  const name = deepGet(payload, 'resourceName');
  let resource;
  if (typeof name === 'string') {
    const parts = name.split('/');
    resource = parts.length >= 5 ? parts[4] : parts.length >= 3 ? parts[2] : undefined;
  }
  let username = '<UNKNOWN ACTOR USER>';
  const auth = deepGet(payload, 'authenticationInfo');
  for (const key of ['principalEmail', 'principalSubject', 'authoritySelector']) {
    const value = deepGet(auth, key);
    if (value !== undefined && value !== null) {
      username = value;
      break;
    }
  }
  return {
    verb: typeof method === 'string' ? method.split('.').pop() : undefined,
    resource,
    username,
    responseStatus: deepGet(payload, 'status'),
    requestObject: deepGet(payload, 'request'),
  };
}

function normalise(event) {
  switch (event.p_log_type) {
    case 'Amazon.EKS.Audit': return auditView(event);
    case 'Azure.MonitorActivity': return aksView(event);
    case 'GCP.AuditLog': return gkeView(event);
    default: return null;
  }
}

const SYSTEM_PREFIXES = ['system:serviceaccount:kube-system:', 'eks:', 'masterclient', 'gke-', 'azure-'];

function isSystemPrincipal(username) {
  if (SYSTEM_PREFIXES.some((p) => username.startsWith(p))) return true;
  if (username === 'masterclient' || username === 'aksService') return true;
  return username.startsWith('system:') && !username.includes('serviceaccount');
}

function rule(view) {
  if (view.verb !== 'create' || view.resource !== 'certificatesigningrequests') return false;
  if (isObject(view.responseStatus)) {
    const code = view.responseStatus.code;
    if (Number.isInteger(code) && (code >= 400 || (code >= 1 && code <= 16))) return false;
  }
  const username = view.username;
  if (typeof username === 'string' && username !== '' && isSystemPrincipal(username)) return false;
  const spec = deepGet(view.requestObject, 'spec');
  if (username === 'kubelet-nodepool-bootstrap') return false;
  if (username === 'kubelet-bootstrap' && deepGet(spec, 'signerName') === 'kubernetes.io/kube-apiserver-client-kubelet') return false;
  return contains(deepGet(spec, 'usages'), 'client auth') ||
    contains(deepGet(spec, 'signerName'), 'kubernetes.io/kube-apiserver-client');
}

function matches(line) {
  let event;
  try {
    event = JSON.parse(line);
  } catch (e) {
    return false;
  }
  if (!isObject(event)) return false;
  const view = normalise(event);
  return view !== null && rule(view);
}

// Streams the file in 16 MiB chunks and calls onLine for every line (without its newline).
function forEachLine(path, onLine) {
  const fd = fs.openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(16 << 20);
  let carry = Buffer.alloc(0);
  for (;;) {
    const read = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      onLine(data.toString('utf8', start, nl));
      start = nl + 1;
    }
    carry = Buffer.from(data.subarray(start));  // copy: chunk is reused by the next read
  }
  if (carry.length) onLine(carry.toString('utf8'));
  fs.closeSync(fd);
}

function main(argv) {
  const args = argv.filter((a) => a !== '--list');
  if (args.length !== 1) {
    process.stderr.write('usage: node csr_rule.js EVENTS.ndjson [--list]\n');
    return 2;
  }
  const list = argv.includes('--list');
  const out = [];
  let events = 0;
  let hits = 0;
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  forEachLine(args[0], (line) => {
    if (line.trim() === '') return;  // blank lines are not events
    events += 1;
    if (matches(line)) {
      hits += 1;
      if (list) out.push(String(events));
    }
  });
  const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpuUsed = process.cpuUsage(cpuStart);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
  if (list && out.length) process.stdout.write(out.join('\n') + '\n');
  process.stderr.write(`csr_rule.js: ${events} events, ${hits} matches, ${wall.toFixed(3)} s, ` +
    `${Math.round(events / wall)} events/s (cpu ${cpu.toFixed(3)} s, ${Math.round(events / cpu)} events/s)\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
