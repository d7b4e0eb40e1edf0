"""gunicorn settings for production and the benchmark: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Every value can be overridden from the environment (GUNICORN_*), or on the command line.

Worker class: sync, chosen by measurement (`make bench WORKER_CLASS=gthread` to compare): on the 2-core
machine sync workers gave about twice the requests/s of gthread with 4 threads, for the floor, cached and
uncached pages alike — the work is CPU-bound Python, threads only add GIL contention. Sync workers do not keep
connections alive and a slow client holds one: put nginx (which buffers) in front. Workers: two per core.
Each worker holds its own local-memory cache unless CACHE_URL/REDIS_URL points at Redis, which is what
production does so that all workers and servers share one page cache.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count())))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Recycle workers now and then so a slow leak can never grow without bound; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "0"))
# Load the application before forking: workers share its code pages and start faster.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "warning")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
