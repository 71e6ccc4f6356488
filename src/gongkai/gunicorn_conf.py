"""gunicorn settings shared by `gongkai serve`, the systemd unit (deploy/) and the tests.

The access log keeps who, when, the method, the path, the status, the size and the time taken,
but not the query string or the Referer: what a person types into a search box (a name, an ID
number) must never reach a log file (law.md, security bar). `-c python:gongkai.gunicorn_conf`.
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
