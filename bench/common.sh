# Sourced by the bench scripts (from the repository root): what they share.

# release_kserve: the path of the kserve binary to measure: $KSERVE when set, else a release build made here.
release_kserve() {
    if [ -n "${KSERVE:-}" ]; then
        echo "$KSERVE"
    else
        swift build -c release --product kserve >&2
        echo .build/release/kserve
    fi
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
