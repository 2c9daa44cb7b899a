#!/usr/bin/env python3
"""A stand-in Kubernetes API server for the Kube client tests (standard library only).

A real kube-apiserver (with etcd and the KServe CRDs) cannot run on the machines these tests run on, so this
script plays one: just enough of the API for serving.kserve.io objects, with the same wire shapes (discovery
documents, lists with limit/continue, server-side apply and merge patch content types, metav1.Status errors,
chunked watch streams with bookmarks and 410 Gone). The real end-to-end tests run the client against
`kserve serve`'s control plane and kubectl.

Prints "PORT <n>" once listening and serves until its standard input closes.

Test controls (not Kubernetes API):
  POST /_control  JSON with any of
      {"kserve": false}                      the serving.kserve.io group disappears (404)
      {"tokens": ["a"], "basic": "u:p"}     accepted bearer tokens / basic credentials (401 otherwise)
      {"warning": "text"}                    every answer carries `Warning: 299 - "text"`
      {"fail": {"method": "GET", "status": 429, "retryAfter": "1", "times": 1}}
      {"closeWatchAfter": 0.3}               watches end after that many seconds
      {"goneAs": "status" | "event"}         how a too-old watch resourceVersion is refused
      {"compact": true}                      versions up to now become too old; open watches end
      {"silentDelete": {"plural": "...", "namespace": "...", "name": "..."}}   delete without an event
  GET /_log       every request seen: method, path, query, content_type, authorization, client_cn,
                  impersonate (the Impersonate-* headers)
"""

import argparse
import base64
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

GROUP = "serving.kserve.io"
RESOURCES = {
    "inferenceservices": ("v1beta1", "InferenceService", True, ["isvc"]),
    "trainedmodels": ("v1alpha1", "TrainedModel", True, ["tm"]),
    "servingruntimes": ("v1alpha1", "ServingRuntime", True, []),
    "clusterservingruntimes": ("v1alpha1", "ClusterServingRuntime", False, []),
}


class State:
    def __init__(self):
        self.lock = threading.Condition()
        self.rv = 100
        self.objects = {}  # (plural, namespace, name) -> object
        self.history = []  # (rv, plural, namespace, type, object)
        self.floor = 0  # versions at or below this are too old to watch from
        self.generation = 0  # bumped by compact to end open watches
        self.kserve = True
        self.tokens = None
        self.basic = None
        self.warning = None
        self.failures = []
        self.close_watch_after = None
        self.gone_as = "event"
        self.log = []

    def next_rv(self):
        self.rv += 1
        return str(self.rv)

    def record(self, plural, namespace, kind, obj):
        copy = json.loads(json.dumps(obj))
        self.history.append((int(obj["metadata"]["resourceVersion"]), plural, namespace, kind, copy))
        self.lock.notify_all()


STATE = State()


def status(code, reason, message, causes=None, name=None, plural=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
            "reason": reason, "code": code}
    details = {}
    if name:
        details["name"] = name
    if plural:
        details["group"] = GROUP
        details["kind"] = plural
    if causes:
        details["causes"] = causes
    if details:
        body["details"] = details
    return code, body


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, code, body, extra=()):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if STATE.warning:
            self.send_header("Warning", '299 - "%s"' % STATE.warning)
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def client_cn(self):
        if not isinstance(self.request, ssl.SSLSocket):
            return None
        cert = self.request.getpeercert()
        for rdn in (cert or {}).get("subject", ()):
            for key, value in rdn:
                if key == "commonName":
                    return value
        return None

    def authorized(self):
        header = self.headers.get("Authorization")
        if STATE.tokens is None and STATE.basic is None:
            return True
        if header and header.startswith("Bearer ") and STATE.tokens and header[7:] in STATE.tokens:
            return True
        if header and header.startswith("Basic ") and STATE.basic:
            return base64.b64decode(header[6:]).decode() == STATE.basic
        return False

    def route(self):
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query, keep_blank_values=True).items()}
        body = self.read_body()
        if url.path == "/_control":
            return self.control(json.loads(body or b"{}"))
        if url.path == "/_log":
            with STATE.lock:
                return self.send_json(200, STATE.log)
        with STATE.lock:
            STATE.log.append({"method": self.command, "path": url.path, "query": query,
                              "content_type": self.headers.get("Content-Type"),
                              "authorization": self.headers.get("Authorization"), "client_cn": self.client_cn(),
                              "impersonate": [[name, value] for name, value in self.headers.items()
                                              if name.lower().startswith("impersonate-")]})
            for failure in STATE.failures:
                if failure.get("times", 0) > 0 and failure.get("method", self.command) == self.command:
                    failure["times"] -= 1
                    code, doc = status(failure["status"], "TooManyRequests" if failure["status"] == 429
                                       else "InternalError", "the server is busy; try again")
                    extra = [("Retry-After", str(failure["retryAfter"]))] if "retryAfter" in failure else []
                    return self.send_json(code, doc, extra)
        if not self.authorized():
            return self.send_json(*status(401, "Unauthorized", "Unauthorized"))
        parts = [p for p in url.path.split("/") if p]
        if parts[:2] == ["apis", GROUP] or parts == ["apis"]:
            if not STATE.kserve:
                return self.send_json(*status(404, "NotFound", "the server could not find the requested resource"))
            if len(parts) == 2:
                return self.send_json(200, self.group_document())
            if len(parts) == 3:
                return self.resource_list(parts[2])
            return self.resource(parts[3:], query, body)
        return self.send_json(*status(404, "NotFound", "the server could not find the requested resource"))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = route

    def control(self, request):
        with STATE.lock:
            if "kserve" in request:
                STATE.kserve = request["kserve"]
            if "tokens" in request:
                STATE.tokens = None if request["tokens"] is None else set(request["tokens"])
            if "basic" in request:
                STATE.basic = request["basic"]
            if "warning" in request:
                STATE.warning = request["warning"]
            if "fail" in request:
                STATE.failures.append(dict(request["fail"]))
            if "closeWatchAfter" in request:
                STATE.close_watch_after = request["closeWatchAfter"]
            if "goneAs" in request:
                STATE.gone_as = request["goneAs"]
            if "silentDelete" in request:
                target = request["silentDelete"]
                STATE.objects.pop((target["plural"], target.get("namespace"), target["name"]), None)
                STATE.next_rv()
            if request.get("compact"):
                STATE.floor = STATE.rv
                STATE.generation += 1
                STATE.lock.notify_all()
        self.send_json(200, {"ok": True})

    def group_document(self):
        versions = [{"groupVersion": GROUP + "/v1beta1", "version": "v1beta1"},
                    {"groupVersion": GROUP + "/v1alpha1", "version": "v1alpha1"}]
        return {"kind": "APIGroup", "apiVersion": "v1", "name": GROUP, "versions": versions,
                "preferredVersion": versions[0]}

    def resource_list(self, version):
        resources = []
        for plural, (own_version, kind, namespaced, short) in RESOURCES.items():
            if own_version != version:
                continue
            verbs = ["create", "delete", "get", "list", "patch", "update", "watch"]
            resources.append({"name": plural, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
                              "verbs": verbs, "shortNames": short})
            resources.append({"name": plural + "/status", "singularName": "", "namespaced": namespaced,
                              "kind": kind, "verbs": ["get", "patch", "update"]})
        if not resources:
            return self.send_json(*status(404, "NotFound", "the server could not find the requested resource"))
        self.send_json(200, {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": GROUP + "/" + version,
                             "resources": resources})

    def resource(self, parts, query, body):
        namespace = None
        if parts[:1] == ["namespaces"] and len(parts) >= 3:
            namespace, parts = parts[1], parts[2:]
        plural = parts[0]
        if plural not in RESOURCES:
            return self.send_json(*status(404, "NotFound", "the server could not find the requested resource"))
        name = parts[1] if len(parts) > 1 else None
        if name is None:
            if self.command == "GET" and query.get("watch") in ("1", "true"):
                return self.watch(plural, namespace, query)
            if self.command == "GET":
                return self.list(plural, namespace, query)
            if self.command == "POST":
                return self.create(plural, namespace, json.loads(body), query)
        else:
            if self.command == "GET":
                with STATE.lock:
                    obj = STATE.objects.get((plural, namespace, name))
                if obj is None:
                    return self.send_json(*self.not_found(plural, name))
                return self.send_json(200, obj)
            if self.command == "PATCH":
                return self.patch(plural, namespace, name, json.loads(body), query)
            if self.command == "DELETE":
                return self.delete(plural, namespace, name)
        self.send_json(*status(405, "MethodNotAllowed", "the server does not allow this method"))

    def not_found(self, plural, name):
        return status(404, "NotFound", '%s.%s "%s" not found' % (plural, GROUP, name), name=name, plural=plural)

    def validate(self, plural, obj):
        kind = RESOURCES[plural][1]
        if "spec" not in obj:
            return status(422, "Invalid", '%s.%s "%s" is invalid: spec: Required value'
                          % (kind, GROUP, obj["metadata"].get("name")),
                          causes=[{"reason": "FieldValueRequired", "message": "Required value", "field": "spec"}])
        return None

    def stored(self, plural, namespace, obj, kind, dry_run):
        version, resource_kind, namespaced, _ = RESOURCES[plural]
        obj["apiVersion"] = GROUP + "/" + version
        obj["kind"] = resource_kind
        metadata = obj.setdefault("metadata", {})
        if namespaced:
            metadata["namespace"] = namespace
        if dry_run:
            return obj
        metadata["resourceVersion"] = STATE.next_rv()
        STATE.objects[(plural, namespace, metadata["name"])] = obj
        STATE.record(plural, namespace, kind, obj)
        return obj

    def create(self, plural, namespace, obj, query):
        with STATE.lock:
            name = obj.get("metadata", {}).get("name")
            if (plural, namespace, name) in STATE.objects:
                return self.send_json(*status(409, "AlreadyExists", '%s.%s "%s" already exists'
                                              % (plural, GROUP, name), name=name, plural=plural))
            invalid = self.validate(plural, obj)
            if invalid:
                return self.send_json(*invalid)
            obj["metadata"]["generation"] = 1
            self.send_json(201, self.stored(plural, namespace, obj, "ADDED", query.get("dryRun") == "All"))

    def patch(self, plural, namespace, name, patch, query):
        content_type = self.headers.get("Content-Type")
        with STATE.lock:
            current = STATE.objects.get((plural, namespace, name))
            if content_type == "application/apply-patch+yaml":
                if "fieldManager" not in query:
                    return self.send_json(*status(400, "BadRequest", "fieldManager is required for apply"))
                owner = ((current or {}).get("metadata", {}).get("annotations") or {}).get("test/owner")
                if current is not None and owner and owner != query["fieldManager"] and query.get("force") != "true":
                    message = ('Apply failed with 1 conflict: conflict with "%s": .spec.predictor.minReplicas'
                               % owner)
                    return self.send_json(*status(409, "Conflict", message, causes=[
                        {"reason": "FieldManagerConflict", "message": 'conflict with "%s"' % owner,
                         "field": ".spec.predictor.minReplicas"}]))
                invalid = self.validate(plural, patch)
                if invalid:
                    return self.send_json(*invalid)
                merged = merge_patch(current or {}, patch)
                code, kind = (200, "MODIFIED") if current is not None else (201, "ADDED")
            elif content_type == "application/merge-patch+json":
                if current is None:
                    return self.send_json(*self.not_found(plural, name))
                merged = merge_patch(current, patch)
                code, kind = 200, "MODIFIED"
            else:
                return self.send_json(*status(415, "UnsupportedMediaType",
                                              "the body of the request was in an unknown format"))
            merged.setdefault("metadata", {})["name"] = name
            self.send_json(code, self.stored(plural, namespace, merged, kind, query.get("dryRun") == "All"))

    def delete(self, plural, namespace, name):
        with STATE.lock:
            obj = STATE.objects.pop((plural, namespace, name), None)
            if obj is None:
                return self.send_json(*self.not_found(plural, name))
            obj["metadata"]["resourceVersion"] = STATE.next_rv()
            STATE.record(plural, namespace, "DELETED", obj)
        self.send_json(200, {"kind": "Status", "apiVersion": "v1", "status": "Success", "metadata": {}})

    def matching(self, plural, namespace, query):
        selector = query.get("fieldSelector", "")
        wanted = selector[len("metadata.name="):] if selector.startswith("metadata.name=") else None
        items = []
        for (item_plural, item_namespace, name), obj in sorted(STATE.objects.items()):
            if item_plural == plural and (namespace is None or item_namespace == namespace):
                if wanted is None or wanted == name:
                    items.append(obj)
        return items, wanted

    def list(self, plural, namespace, query):
        with STATE.lock:
            items, _ = self.matching(plural, namespace, query)
            offset, rv = 0, str(STATE.rv)
            if query.get("continue"):
                offset_text, rv = query["continue"].split(":")
                offset = int(offset_text)
            limit = int(query.get("limit") or 0) or len(items) or 1
            page = items[offset:offset + limit]
            metadata = {"resourceVersion": rv}
            if offset + limit < len(items):
                metadata["continue"] = "%d:%s" % (offset + limit, rv)
        kind = RESOURCES[plural][1] + "List"
        self.send_json(200, {"kind": kind, "apiVersion": GROUP + "/" + RESOURCES[plural][0], "metadata": metadata,
                             "items": page})

    def watch(self, plural, namespace, query):
        since = int(query.get("resourceVersion") or 0)
        selector = query.get("fieldSelector", "")
        wanted = selector[len("metadata.name="):] if selector.startswith("metadata.name=") else None
        with STATE.lock:
            too_old = since and since < STATE.floor
            gone_as, generation = STATE.gone_as, STATE.generation
            if not since:
                since = STATE.rv
                initial = [("ADDED", obj) for obj in self.matching(plural, namespace, query)[0]]
            else:
                initial = []
        if too_old and gone_as == "status":
            return self.send_json(*status(410, "Expired", "too old resource version: %d (%d)" % (since, STATE.floor)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        if STATE.warning:
            self.send_header("Warning", '299 - "%s"' % STATE.warning)
        self.end_headers()

        def send(event):
            data = (json.dumps(event) + "\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        try:
            if too_old:
                _, doc = status(410, "Expired", "too old resource version: %d (%d)" % (since, STATE.floor))
                send({"type": "ERROR", "object": doc})
                return self.end_stream()
            for kind, obj in initial:
                send({"type": kind, "object": obj})
            if query.get("allowWatchBookmarks") == "true":
                with STATE.lock:
                    send({"type": "BOOKMARK", "object": {"kind": RESOURCES[plural][1], "apiVersion": GROUP + "/"
                                                         + RESOURCES[plural][0],
                                                         "metadata": {"resourceVersion": str(max(since, 0))}}})
            started = time.monotonic()
            while True:
                with STATE.lock:
                    events = [entry for entry in STATE.history if entry[0] > since and entry[1] == plural
                              and (namespace is None or entry[2] == namespace)
                              and (wanted is None or entry[4]["metadata"]["name"] == wanted)]
                    if not events:
                        STATE.lock.wait(0.05)
                    closing = STATE.generation != generation or (
                        STATE.close_watch_after is not None
                        and time.monotonic() - started >= STATE.close_watch_after)
                for rv, _, _, kind, obj in events:
                    send({"type": kind, "object": obj})
                    since = rv
                if closing:
                    return self.end_stream()
        except (BrokenPipeError, ConnectionResetError):
            return

    def end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def main():
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca")
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            context.verify_mode = ssl.CERT_OPTIONAL
            context.load_verify_locations(args.client_ca)
        server.socket = context.wrap_socket(server.socket, server_side=True)

    def watch_stdin():
        while sys.stdin.buffer.read(1024):
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
