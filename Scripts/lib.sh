# Shared by the Scripts: repo paths, running RabbitMQ as its own user, waiting for ports.
# Sourced, not run. Every script does `set -euo pipefail` itself.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${PLANREVIEW_RUN_DIR:-$REPO/.run}"
mkdir -p "$RUN_DIR"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Run a RabbitMQ tool (rabbitmq-server, rabbitmqctl, ...) as the rabbitmq user when we are root:
# the Debian wrappers drop privileges the same way, but lose our RABBITMQ_* environment on the way.
rabbit_as_user() {
    local tool="$1"; shift
    if [ "$(id -u)" = 0 ] && id rabbitmq >/dev/null 2>&1; then
        # From / : the rabbitmq user may not be allowed to read the current directory.
        (cd / && HOME=/var/lib/rabbitmq runuser -m -u rabbitmq -- "/usr/lib/rabbitmq/bin/$tool" "$@")
    else
        "/usr/lib/rabbitmq/bin/$tool" "$@"
    fi
}

# Wait until a TCP port on 127.0.0.1 accepts connections.
wait_for_port() {
    local port="$1" seconds="${2:-60}" i=0
    while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        i=$((i + 1))
        [ "$i" -le $((seconds * 5)) ] || return 1
        sleep 0.2
    done
}

# The swift build configuration the scripts share; SWIFT_BUILD_FLAGS adds to it.
swift_bin_path() { (cd "$REPO" && swift build -c "$1" --show-bin-path 2>/dev/null); }
