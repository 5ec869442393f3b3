#!/usr/bin/env python3
"""CPython baseline: Kubernetes.ClientCertificate.Created written in the Panther style.

Reads NDJSON (Amazon.EKS.Audit, Azure.MonitorActivity, GCP.AuditLog), json.loads each line, and evaluates the
rule through a data model: every field access goes through Event.get(name), which looks up the event's
per-log-type mapping each time, as Panther's event.udm() does. Prints the match count and events/s on stderr.

usage: csr_rule.py EVENTS.ndjson [--list]   (--list prints the 1-based line number of each match on stdout)
"""
import json
import sys
import time


def deep_get(value, *keys):
    """Follows keys through nested objects; None as soon as something is missing or not an object."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


# --- data models: normalised field name -> function of the Event -------------------------------------------------

def _eks(*keys):
    return lambda event: deep_get(event.raw, *keys)


def _aks(*keys):
    return lambda event: deep_get(event.aks_audit(), *keys)


def _gke(*keys):
    return lambda event: deep_get(event.raw, "protoPayload", *keys) if _is_k8s(event) else None


def _is_k8s(event):
    return deep_get(event.raw, "protoPayload", "serviceName") == "k8s.io"


def _gke_verb(event):
    method = deep_get(event.raw, "protoPayload", "methodName") if _is_k8s(event) else None
    return method.split(".")[-1] if isinstance(method, str) else None


def _gke_resource(event):
    name = deep_get(event.raw, "protoPayload", "resourceName") if _is_k8s(event) else None
    if not isinstance(name, str):
        return None
    parts = name.split("/")
    if len(parts) >= 5:
        return parts[4]
    return parts[2] if len(parts) >= 3 else None


def _gke_username(event):
    if not _is_k8s(event):
        return None
    auth = deep_get(event.raw, "protoPayload", "authenticationInfo")
    for key in ("principalEmail", "principalSubject", "authoritySelector"):
        value = auth.get(key) if isinstance(auth, dict) else None
        if value is not None:
            return value
    return "<UNKNOWN ACTOR USER>"


def _audit_mapping(path):
    """The audit.k8s.io Event mapping, shared by EKS (top level) and AKS (properties.log)."""
    return {
        "verb": path("verb"),
        "resource": path("objectRef", "resource"),
        "name": path("objectRef", "name"),
        "namespace": path("objectRef", "namespace"),
        "username": path("user", "username"),
        "sourceIPs": path("sourceIPs"),
        "userAgent": path("userAgent"),
        "requestURI": path("requestURI"),
        "responseStatus": path("responseStatus"),
        "requestObject": path("requestObject"),
    }


DATA_MODELS = {
    "Amazon.EKS.Audit": _audit_mapping(_eks),
    "Azure.MonitorActivity": _audit_mapping(_aks),
    "GCP.AuditLog": {
        "verb": _gke_verb,
        "resource": _gke_resource,
        "username": _gke_username,
        "sourceIPs": lambda e: [ip] if (ip := _gke("requestMetadata", "callerIP")(e)) is not None else [],
        "userAgent": _gke("requestMetadata", "callerSuppliedUserAgent"),
        "responseStatus": _gke("status"),
        "requestObject": _gke("request"),
    },
}

_UNPARSED = object()


class Event:
    """A raw event with Panther-style data-model access."""

    __slots__ = ("raw", "_aks_audit")

    def __init__(self, raw):
        self.raw = raw
        self._aks_audit = _UNPARSED

    def get(self, name):
        model = DATA_MODELS.get(self.raw.get("p_log_type"))
        if model is None:
            return None
        getter = model.get(name)
        return None if getter is None else getter(self)

    def aks_audit(self):
        """properties.log of a kube-audit record, parsed once per event; None when there is no audit view."""
        if self._aks_audit is _UNPARSED:
            self._aks_audit = None
            if self.raw.get("category") in ("kube-audit", "kube-audit-admin"):
                log = deep_get(self.raw, "properties", "log")
                if isinstance(log, str) and log:
                    try:
                        parsed = json.loads(log)
                    except (ValueError, RecursionError):
                        parsed = None
                    self._aks_audit = parsed if isinstance(parsed, dict) else None
        return self._aks_audit


# --- the rule ------------------------------------------------------------------------------------------------------

SYSTEM_PREFIXES = ("system:serviceaccount:kube-system:", "eks:", "masterclient", "gke-", "azure-")


def is_system_principal(username):
    if username.startswith(SYSTEM_PREFIXES) or username in ("masterclient", "aksService"):
        return True
    return username.startswith("system:") and "serviceaccount" not in username


def contains(value, needle):
    """`needle in value` for the types where Python defines it on JSON values (substring, element, key)."""
    return isinstance(value, (str, list, dict)) and needle in value


def rule(event):
    if event.get("verb") != "create" or event.get("resource") != "certificatesigningrequests":
        return False
    status = event.get("responseStatus")
    if isinstance(status, dict):
        code = status.get("code")
        if isinstance(code, int) and not isinstance(code, bool) and (code >= 400 or 1 <= code <= 16):
            return False
    username = event.get("username")
    if isinstance(username, str) and username and is_system_principal(username):
        return False
    spec = deep_get(event.get("requestObject"), "spec")
    if username == "kubelet-nodepool-bootstrap" or (
        username == "kubelet-bootstrap" and deep_get(spec, "signerName") == "kubernetes.io/kube-apiserver-client-kubelet"
    ):
        return False
    return contains(deep_get(spec, "usages"), "client auth") or contains(
        deep_get(spec, "signerName"), "kubernetes.io/kube-apiserver-client"
    )


def matches(line):
    try:
        raw = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(raw, dict) and rule(Event(raw))


def main(argv):
    args = [a for a in argv[1:] if a != "--list"]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    show = "--list" in argv
    events = hits = 0
    wall, cpu = time.perf_counter(), time.process_time()
    with open(args[0], "rb") as source:
        for line in source:
            if not line.strip():
                continue  # blank lines are not events
            events += 1
            if matches(line):
                hits += 1
                if show:
                    print(events)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"csr_rule.py: {events} events, {hits} matches, {wall:.3f} s, {events / wall:.0f} events/s "
        f"(cpu {cpu:.3f} s, {events / cpu:.0f} events/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
