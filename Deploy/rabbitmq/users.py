#!/usr/bin/env python3
"""Write RabbitMQ definitions with planreview's vhost, users and permissions.

    users.py --worker-password-file F [--submitter-password-file F] [--admin-password-file F] [--vhost V] > users.json

Passwords are read from files (Docker/Kubernetes secrets) and stored salted and hashed the way
RabbitMQ does (rabbit_password_hashing_sha256: base64(salt4 + sha256(salt4 + password))), so the
output can sit next to definitions.json in the directory rabbitmq.conf's load_definitions names.
Deploy/compose.yaml runs it before the broker starts. Standard library only.
"""
import argparse
import base64
import hashlib
import json
import os
import sys

# Who may touch what (regular expressions over exchange and queue names, see docs/DEPLOY.md).
# Worker: declares the topology (configure), consumes jobs (read), publishes results, retries and
# dead letters to planreview.* and the copy for reply_to through the default exchange, which
# RabbitMQ checks as write on `amq.default`.
WORKER = ("^planreview\\..*", "^(planreview\\..*|amq\\.default)$", "^planreview\\..*")
# Submitter (`planreview submit --wait`): publishes jobs, declares and reads its server-named
# exclusive reply queue (amq.gen-...).
SUBMITTER = ("^(planreview\\..*|amq\\.gen-.*)$", "^(planreview\\..*|amq\\.default)$", "^(planreview\\..*|amq\\.gen-.*)$")


def password_hash(password: str) -> str:
    salt = os.urandom(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode("utf-8")).digest()).decode("ascii")


def read_secret(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        secret = f.read().strip("\r\n")
    if not secret:
        sys.exit(f"users.py: {path} is empty")
    return secret


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vhost", default="planreview")
    parser.add_argument("--worker-password-file", required=True)
    parser.add_argument("--submitter-password-file")
    parser.add_argument("--admin-password-file", help="an administrator for the management UI")
    args = parser.parse_args()

    users, permissions = [], []

    def add(name, password_file, tags, perms):
        users.append({
            "name": name,
            "password_hash": password_hash(read_secret(password_file)),
            "hashing_algorithm": "rabbit_password_hashing_sha256",
            "tags": tags,
            "limits": {},
        })
        configure, write, read = perms
        permissions.append({"user": name, "vhost": args.vhost, "configure": configure, "write": write, "read": read})

    add("planreview-worker", args.worker_password_file, [], WORKER)
    if args.submitter_password_file:
        add("planreview-submitter", args.submitter_password_file, [], SUBMITTER)
    if args.admin_password_file:
        add("planreview-admin", args.admin_password_file, ["administrator"], (".*", ".*", ".*"))

    # The vhost is repeated here so this file imports on its own, in any order.
    json.dump({"vhosts": [{"name": args.vhost}], "users": users, "permissions": permissions}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
