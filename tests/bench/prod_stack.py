"""The production layout of deploy/, started on loopback for `make prod-proof` (tests/bench/prod_proof.py).

A private PostgreSQL cluster (initdb in a temporary folder, its own port: it can be stopped and
restarted without touching anyone's database), two gunicorn instances with production settings,
nginx from deploy/nginx/enbasdemarue.conf, Redis (a database number of its own) for cache and
sessions, the task worker, and a small SMTP sink standing for the mail server.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
GIT = shutil.which("git") or "/usr/bin/git"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
SS = shutil.which("ss") or "/usr/bin/ss"


def port_range(text: str) -> range:
    """A range of ports written "9300-9399" (both ends included)."""
    low, _, high = text.partition("-")
    return range(int(low), int(high or low) + 1)


# Where the proof may listen, and its Redis database: options of prod_proof, or these variables, so
# that several runs (or other work) can share a machine.
PORTS = port_range(os.environ.get("PROD_PROOF_PORTS", "8700-8799"))
REDIS_DB = int(os.environ.get("PROD_PROOF_REDIS_DB", "7"))


CACHE = ROOT / "var" / "prod-proof"


def files_key(*patterns: str) -> str:
    """A short hash of the files matching the glob patterns (under the repository), names and contents."""
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and ".venv" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def free_ports(count: int, ports: range = PORTS) -> list[int]:
    found = []
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"no {count} free ports in {ports.start}-{ports.stop - 1}")


def render_nginx(
    *, listen: str, app_ports: tuple[int, int], static_root: Path, media_root: Path, down: tuple[int, ...] = ()
) -> str:
    """deploy/nginx/enbasdemarue.conf with its placeholders replaced; the app ports in `down` marked `down`
    (taken out of the upstream: nginx sends them no new request, as during a rolling restart)."""
    text = (ROOT / "deploy" / "nginx" / "enbasdemarue.conf").read_text()
    for key, value in {
        "LISTEN": listen,
        "SERVER_NAME": "127.0.0.1 localhost",
        "APP_PORT_A": str(app_ports[0]),
        "APP_PORT_B": str(app_ports[1]),
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
    }.items():
        text = text.replace(f"@{key}@", value)
    for port in down:
        text = text.replace(f"server 127.0.0.1:{port} ", f"server 127.0.0.1:{port} down ", 1)
    return text


def nginx_main_config(*, folder: Path, server: str) -> str:
    """A whole nginx configuration around the site's server block, every file inside `folder`."""
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    return f"""worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    {server}
}}
"""


class SmtpSink:
    """A mail server that accepts everything and keeps each message (enough SMTP for Django's backend)."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[bytes] = []
        self._server = None

    def start(self) -> None:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink ESMTP\r\n")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 sink\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go\r\n")
                        body = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            body.append(chunk)
                        sink.messages.append(b"".join(body))
                        self.wfile.write(b"250 kept\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class Stack:
    def __init__(self, folder: Path, *, ports: range = PORTS, redis_db: int = REDIS_DB):
        self.folder = folder
        self.redis_db = redis_db
        self.pg_port, self.nginx_port, self.app_a, self.app_b, self.smtp_port, self.stripe_port = free_ports(6, ports)
        self.processes: dict[str, subprocess.Popen] = {}
        self.sink = SmtpSink(self.smtp_port)
        # The demo data's database and its pictures go together: both kept per state of migrations and demo.
        self.db_key = files_key("*/migrations/*.py", "demo/**/*.py", "requirements.txt")
        self.media = CACHE / f"media-{self.db_key}"
        # Collected once per state of the static files and the pinned packages, then reused.
        self.static = CACHE / f"static-{files_key('static/**/*', 'requirements.txt')}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/enbas",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(self.static),
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "BEHIND_PROXY": "true",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            # Online payment against the fake Stripe server (payments.devserver) on a port of the range; a
            # short timeout, as the Stripe fault run hangs it for longer.
            "STRIPE_SECRET_KEY": "sk_test_prod_proof",
            "STRIPE_PUBLISHABLE_KEY": "pk_test_prod_proof",
            "STRIPE_WEBHOOK_SECRET": "whsec_prod_proof",
            "STRIPE_CONNECT_WEBHOOK_SECRET": "whsec_prod_proof_connect",
            "STRIPE_API_BASE": f"http://127.0.0.1:{self.stripe_port}",
            "STRIPE_TIMEOUT": "3",
        }
        self.nginx_down: tuple[int, ...] = ()

    # PostgreSQL, as the postgres system user (initdb refuses root).

    @staticmethod
    def _prefix() -> list[str]:
        return [RUNUSER, "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _as_postgres(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self._prefix(), *command], check=check, capture_output=True, text=True)

    @property
    def pg_data(self) -> Path:
        return self.folder / "pg"

    def pg_init(self) -> None:
        self.pg_data.mkdir()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in (self.folder, self.pg_data):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.pg_data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"
        )
        self.pg_start()
        self._as_postgres(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "enbas"
        )

    def pg_dump(self, path: Path) -> None:
        """The database, in pg_dump's custom format, to `path` (written by this process, read by postgres)."""
        done = subprocess.run(
            [*self._prefix(), str(PG_BIN / "pg_dump"), "-Fc", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U",
             "postgres", "enbas"],
            check=True, capture_output=True,
        )  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(done.stdout)

    def pg_restore(self, path: Path) -> None:
        subprocess.run(
            [*self._prefix(), str(PG_BIN / "pg_restore"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U",
             "postgres", "-d", "enbas", "--no-owner"],
            check=True, capture_output=True, input=path.read_bytes(),
        )  # fmt: skip

    def pg_start(self) -> None:
        options = f"-p {self.pg_port} -k {self.folder} -h 127.0.0.1 -c max_connections=200 -c fsync=on"
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.pg_data),
            "-o",
            options,
            "-l",
            str(self.folder / "pg.log"),
            "-w",
            "start",
        )

    def pg_restart(self) -> float:
        """Restart PostgreSQL (fast shutdown: open sessions are cut); the seconds it was down."""
        started = time.monotonic()
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "-w", "stop")
        self.pg_start()
        return time.monotonic() - started

    def pg_stop(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "-w", "stop", check=False)

    # The application.

    def manage(self, *args: str, timeout: int = 600, stripe: bool = True) -> str:
        """A management command in the app's environment; `stripe=False` without online payment (the demo data
        is seeded so: its shops are not connected to the fake Stripe, whose accounts live only as long as it)."""
        env = self.env if stripe else {key: value for key, value in self.env.items() if not key.startswith("STRIPE_")}
        done = subprocess.run(
            [str(PY), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start_app(self, name: str, port: int) -> None:
        log = open(self.folder / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            [str(GUNICORN), "marketplace.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30",
             "--graceful-timeout", "10", "--name", f"enbas-{name}"],
            cwd=ROOT, env=self.env, stdout=log, stderr=log,
        )  # fmt: skip
        self.wait_port(port)

    def stop_app(self, name: str) -> None:
        """SIGTERM: gunicorn finishes the requests its workers hold (graceful timeout 10 s), but connections
        still waiting in its listen queue are reset; drain it from nginx first (`app_drain`)."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)

    def app_port(self, name: str) -> int:
        return {"app-a": self.app_a, "app-b": self.app_b}[name]

    def app_drain(self, name: str, *, timeout: float = 30) -> dict:
        """A rolling restart's first step (README, "Deploy"): the instance marked `down` in nginx's upstream,
        nginx reloaded, then wait until nginx's old workers have finished their requests and no connection to
        the instance is open. The seconds each part took."""
        port = self.app_port(name)
        started = time.monotonic()
        old_workers = self.nginx_workers()
        self.nginx_reload(down=(*self.nginx_down, port))
        deadline = started + timeout
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in old_workers):
            time.sleep(0.05)
        nginx_done = time.monotonic()
        while time.monotonic() < deadline and self.connections_to(port):
            time.sleep(0.05)
        return {
            "old nginx workers done (s)": round(nginx_done - started, 2),
            "drained (s)": round(time.monotonic() - started, 2),
            "connections left": self.connections_to(port),
        }

    def app_readd(self, name: str) -> None:
        """The last step of a rolling restart: the (restarted) instance back in nginx's upstream."""
        port = self.app_port(name)
        self.nginx_reload(down=tuple(p for p in self.nginx_down if p != port))

    @staticmethod
    def connections_to(port: int) -> int:
        """Open TCP connections to a local port (`ss`), the listening socket aside."""
        done = subprocess.run(
            [SS, "-Htn", "state", "established", f"( dport = :{port} )"], capture_output=True, text=True
        )
        return len([line for line in done.stdout.splitlines() if line.strip()])

    def app_workers(self, name: str) -> list[int]:
        """The pids of an instance's gunicorn workers (children of its master)."""
        master = self.processes[name].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def start_stripe(self) -> None:
        """The fake Stripe server (payments.devserver: localstripe and the Connect shim) on its port."""
        log = open(self.folder / "stripe.log", "ab")
        self.processes["stripe"] = subprocess.Popen(
            [str(PY), "-m", "payments.devserver", "--port", str(self.stripe_port)],
            cwd=ROOT, env=self.env, stdout=log, stderr=log,
        )  # fmt: skip
        self.wait_port(self.stripe_port)

    def start_worker(self) -> None:
        """The task worker, restarted 2 s after it exits, as systemd's Restart=always does (a worker whose
        database connection is cut exits on the error)."""
        log = open(self.folder / "db_worker.log", "ab")
        self.worker_restarts = 0

        def spawn() -> subprocess.Popen:
            return subprocess.Popen(
                [str(PY), "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                cwd=ROOT, env=self.env, stdout=log, stderr=log,
            )  # fmt: skip

        def supervise() -> None:
            while (process := self.processes.get("worker")) is not None:
                process.wait()
                if self.processes.get("worker") is not process:
                    return
                time.sleep(2)
                if self.processes.get("worker") is process:
                    self.worker_restarts += 1
                    self.processes["worker"] = spawn()

        self.processes["worker"] = spawn()
        threading.Thread(target=supervise, daemon=True).start()

    def _nginx_write(self, *, down: tuple[int, ...] = ()) -> Path:
        folder = self.folder / "nginx"
        folder.mkdir(exist_ok=True)
        server = render_nginx(
            listen=f"127.0.0.1:{self.nginx_port}",
            app_ports=(self.app_a, self.app_b),
            static_root=self.static,
            media_root=self.media,
            down=down,
        )
        (folder / "nginx.conf").write_text(nginx_main_config(folder=folder, server=server))
        self.nginx_down = down
        return folder

    def nginx_reload(self, *, down: tuple[int, ...]) -> None:
        """The upstream rewritten, then `nginx -s reload` (new workers take the new configuration, the old
        ones finish their requests and exit)."""
        folder = self._nginx_write(down=down)
        subprocess.run([NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-t", "-q"], check=True)
        subprocess.run([NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-s", "reload"], check=True)

    def nginx_workers(self) -> list[int]:
        master = self.processes["nginx"].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def start_nginx(self) -> None:
        folder = self._nginx_write()
        self.processes["nginx"] = subprocess.Popen(
            [NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=open(folder / "stderr.log", "ab"),
        )  # fmt: skip
        self.wait_port(self.nginx_port)

    @staticmethod
    def wait_port(port: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"nothing answers on port {port}")

    def shutdown(self) -> None:
        # The worker first, out of its supervisor's reach.
        worker = self.processes.pop("worker", None)
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=15)
        for name, process in list(self.processes.items()):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
            self.processes.pop(name, None)
        self.sink.stop()
        self.pg_stop()

    def clean(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
