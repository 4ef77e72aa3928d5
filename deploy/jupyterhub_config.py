# JupyterHub for a dlfun class on one machine (deploy/README.md).
#
#   jupyterhub -f deploy/jupyterhub_config.py
#
# Production (the default): every student is a system account of the
# machine, logged in with PAM (their usual password) and given a Jupyter
# server that runs as that account (LocalProcessSpawner). JupyterLab opens
# by default and offers the course's Go kernel, installed for everyone with
#
#   go run ./kernel/cmd/dlfun install --prefix /usr/local
#
# Idle kernels are stopped by each Jupyter server, idle servers by the
# jupyterhub-idle-culler service. Everything below that a school changes is
# an environment variable, read once here:
#
#   DLFUN_HUB_AUTH        pam (default) | dummy (tests only: any password)
#   DLFUN_HUB_SPAWNER     local (default: one system user per student) |
#                         simple (tests only: every server runs as the hub's
#                         user, homes under DLFUN_HUB_HOMES)
#   DLFUN_HUB_STATE       folder for the hub's database and cookie secret
#                         (default /srv/dlfun-hub)
#   DLFUN_HUB_IP, DLFUN_HUB_PORT   where the proxy listens (default all
#                         interfaces, port 8000: put TLS in front, see README)
#   DLFUN_HUB_STUDENTS    PAM group whose members may log in (default students)
#   DLFUN_HUB_TEACHERS    PAM group of hub admins (default teachers)
#   DLFUN_HUB_MEM_LIMIT   per-student memory, e.g. 2G (default 2G; see below)
#   DLFUN_HUB_KERNEL_IDLE seconds before an idle kernel stops (default 1200)
#   DLFUN_HUB_SERVER_IDLE seconds before an idle server stops (default 3600)
#   DLFUN_HUB_GOMODCACHE  read-only Go module cache shared by all students
#                         (default /opt/dlfun/gomodcache; README step 3)
#   DLFUN_HUB_JUPYTER_PATH extra Jupyter data folder holding the kernelspec
#                         (default /usr/local/share/jupyter)
#   DLFUN_HUB_GOCACHE     tests only: one Go build cache for every server
#   DLFUN_HUB_TEST_TOKEN  tests only: API token of the "hubtest" admin service
import os
import shutil
import sys

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

here = os.path.dirname(os.path.abspath(__file__))


def env(name, default):
    """The environment variable name, or default when it is unset or empty."""
    value = os.environ.get(name, "").strip()
    return value if value else default


def seconds(name, default):
    """A positive whole number of seconds from the environment, or default."""
    raw = env(name, str(default))
    if not raw.isdigit() or int(raw) <= 0:
        sys.exit(f"jupyterhub_config.py: {name}={raw!r} is not a positive number of seconds (e.g. {default})")
    return int(raw)


auth = env("DLFUN_HUB_AUTH", "pam")
spawner = env("DLFUN_HUB_SPAWNER", "local")
state = env("DLFUN_HUB_STATE", "/srv/dlfun-hub")
if auth not in ("pam", "dummy"):
    sys.exit(f"jupyterhub_config.py: DLFUN_HUB_AUTH={auth!r}: use pam (production) or dummy (tests only)")
if spawner not in ("local", "simple"):
    sys.exit(f"jupyterhub_config.py: DLFUN_HUB_SPAWNER={spawner!r}: use local (production) or simple (tests only)")
os.makedirs(state, mode=0o700, exist_ok=True)

# --- the hub and its proxy ---------------------------------------------------
c.JupyterHub.ip = env("DLFUN_HUB_IP", "")
c.JupyterHub.port = int(env("DLFUN_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("DLFUN_HUB_API_PORT", "8081"))
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
# configurable-http-proxy, pinned in deploy/package-lock.json (`make hubdeps`
# runs `npm ci` in deploy/); a global one on PATH is the fallback.
chp = os.path.join(here, "node_modules", ".bin", "configurable-http-proxy")
if not os.path.exists(chp):
    chp = shutil.which("configurable-http-proxy") or chp
c.ConfigurableHTTPProxy.command = [chp]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:" + env("DLFUN_HUB_PROXY_API_PORT", "8001")
# A hub restart (upgrade, config change) leaves students' servers and
# kernels running: the new hub finds them again from its database.
c.JupyterHub.cleanup_servers = False
# Thirty students log in within the first minutes of a lesson.
c.JupyterHub.concurrent_spawn_limit = 40
c.JupyterHub.active_server_limit = 0

# --- who may log in -----------------------------------------------------------
if auth == "pam":
    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.allowed_groups = {env("DLFUN_HUB_STUDENTS", "students")}
    c.PAMAuthenticator.admin_groups = {env("DLFUN_HUB_TEACHERS", "teachers")}
else:
    # Tests only: any user name, any password (or the one in
    # DLFUN_HUB_DUMMY_PASSWORD). Never on a reachable port.
    c.JupyterHub.authenticator_class = "dummy"
    c.Authenticator.allow_all = True
    if os.environ.get("DLFUN_HUB_DUMMY_PASSWORD"):
        c.DummyAuthenticator.password = os.environ["DLFUN_HUB_DUMMY_PASSWORD"]

# --- each student's server ----------------------------------------------------
server_args = []
if spawner == "local":
    c.JupyterHub.spawner_class = "localprocess"
    c.LocalProcessSpawner.notebook_dir = "~"
else:
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(env("DLFUN_HUB_HOMES", "/tmp/dlfun-hub-homes"), "{username}")
    if os.geteuid() == 0:
        server_args.append("--ServerApp.allow_root=True")

c.Spawner.cmd = [os.path.join(os.path.dirname(sys.executable), "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
# Memory: LocalProcessSpawner does NOT enforce mem_limit; it passes it to the
# server as MEM_LIMIT (shown by jupyter-resource-usage when installed). A hard limit on one
# machine needs jupyterhub-systemdspawner (MemoryMax of a systemd unit) or the
# Kubernetes chart (deploy/values.yaml), see README "Memory".
mem_limit = env("DLFUN_HUB_MEM_LIMIT", "2G")
c.Spawner.mem_limit = mem_limit
# Idle kernels: each Jupyter server stops a kernel nobody has used for
# DLFUN_HUB_KERNEL_IDLE seconds, even if a browser tab is still open.
# Idle servers: the server stops itself after DLFUN_HUB_SERVER_IDLE seconds
# with no kernel and no request, and the culler service below stops servers
# the hub has seen no activity from (a closed laptop) after the same time.
kernel_idle = seconds("DLFUN_HUB_KERNEL_IDLE", 1200)
server_idle = seconds("DLFUN_HUB_SERVER_IDLE", 3600)
c.Spawner.args = server_args + [
    f"--MappingKernelManager.cull_idle_timeout={kernel_idle}",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=True",
    "--MappingKernelManager.cull_busy=False",
    f"--ServerApp.shutdown_no_activity_timeout={server_idle}",
]

# The course's Go kernel (kernel/spec.go) runs `go build` for every cell
# with GOPROXY=off, so every module must already be in the module cache:
# one read-only cache for the class, filled once by the admin (README step
# 3), and a build cache per student (under their home, the Go default).
jupyter_path = env("DLFUN_HUB_JUPYTER_PATH", "/usr/local/share/jupyter")
student_env = {"JUPYTER_PATH": jupyter_path}
gomodcache = env("DLFUN_HUB_GOMODCACHE", "/opt/dlfun/gomodcache")
if os.path.isdir(gomodcache):
    student_env["GOMODCACHE"] = gomodcache
# Tests only (every server runs as one user): one build cache for all. With
# real accounts a shared writable build cache would let one student plant
# compiled code in another's cells; each student keeps their own.
if os.environ.get("DLFUN_HUB_GOCACHE"):
    if spawner != "simple":
        sys.exit("jupyterhub_config.py: DLFUN_HUB_GOCACHE shares one build cache and needs DLFUN_HUB_SPAWNER=simple (tests only)")
    student_env["GOCACHE"] = os.environ["DLFUN_HUB_GOCACHE"]
c.Spawner.environment = student_env

# --- idle-server culling and the test's admin service ---------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={server_idle}",
            "--cull-every=60",
            "--cull-admin-users=False",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
test_token = os.environ.get("DLFUN_HUB_TEST_TOKEN", "")
if test_token:
    if auth != "dummy":
        sys.exit("jupyterhub_config.py: DLFUN_HUB_TEST_TOKEN is for tests and needs DLFUN_HUB_AUTH=dummy")
    c.JupyterHub.services.append({"name": "hubtest", "api_token": test_token})
    c.JupyterHub.load_roles.append(
        {
            "name": "hubtest",
            "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
            "services": ["hubtest"],
        }
    )
