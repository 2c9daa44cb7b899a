# Sourced by the bench scripts (from the repository root): what they share.

# release_kserve: the path of the kserve binary to measure: $KSERVE when set, else a release build made here.
release_kserve() {
    if [ -n "${KSERVE:-}" ]; then
        echo "$KSERVE"
    else
        swift build -c release --product kserve >&2 || return 1
        echo .build/release/kserve
    fi
}

# need COMMAND PACKAGE: installs the Debian PACKAGE (with sudo when not root) unless COMMAND is already there.
need() {
    command -v "$1" >/dev/null && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get install -y -qq "$2" >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2"; }
}

# bench_workdir: sets $work (a new temporary directory) and an empty pids array; on exit stops nginx (when
# $work/nginx.pid exists) and every process in pids, and removes $work.
bench_workdir() {
    work=$(mktemp -d)
    pids=()
    trap bench_cleanup EXIT
}
bench_cleanup() {
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    [ "${#pids[@]}" -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
    rm -rf "$work"
}

# wait_ready URL: waits up to 60 s for URL to answer 2xx; says so and fails when it never does.
wait_ready() {
    for _ in $(seq 1 300); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.2
    done
    echo "$(basename "$0"): $1 never answered" >&2
    return 1
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# nginx from Debian as the fastest server there is: one worker, keep-alive without limit, the same JSON answer to
# every request.
# write_nginx_conf WORK_DIR PORT ANSWER: writes WORK_DIR/nginx.conf (pid, logs and temp paths under WORK_DIR).
write_nginx_conf() {
    cat >"$1/nginx.conf" <<EOF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 120s;
    client_body_temp_path $1/body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
    server {
        listen 127.0.0.1:$2;
        location / {
            default_type application/json;
            return 200 '$3';
        }
    }
}
EOF
}
