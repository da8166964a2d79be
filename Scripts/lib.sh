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

# --- Debian folders (debootstrap) -------------------------------------------------------------------
# A Debian root filesystem in a folder under .run/, for what must run on another base than the host's:
# the Docker image's runtime stage (Scripts/check-deploy --runtime, bookworm) and RabbitMQ 4
# (Scripts/broker with PLANREVIEW_RABBITMQ=4, trixie). Nothing from it is installed on the host.
#
#   debian_folder NAME SUITE "PACKAGES"   -> prints the folder ($RUN_DIR/debian/NAME)
#
# `debootstrap --variant=minbase --include=PACKAGES` (Depends, no Recommends: what
# `apt-get install --no-install-recommends` brings onto debian:*-slim). The finished folder is kept as a
# tarball under $RUN_DIR/debian/cache/, named by suite and a hash of the package list, and the .debs in
# $RUN_DIR/debian/debs-SUITE/: a second run unpacks the tarball (seconds) instead of bootstrapping.
# The mirror is the one the host's apt uses (PLANREVIEW_DEBIAN_MIRROR overrides it).
debian_mirror() {
    if [ -n "${PLANREVIEW_DEBIAN_MIRROR:-}" ]; then echo "$PLANREVIEW_DEBIAN_MIRROR"; return; fi
    local uri
    uri="$(grep -hoE '^(URIs:[[:space:]]*|deb[[:space:]]+)https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
        | grep -oE 'https?://[^[:space:]]+' | head -n 1 || true)"
    echo "${uri:-http://deb.debian.org/debian}"
}

debian_folder() {
    local name="$1" suite="$2" packages="$3"
    local base="$RUN_DIR/debian" folder="$RUN_DIR/debian/$1"
    local sorted key tarball
    sorted="$(printf '%s\n' $packages | sort -u | tr '\n' ' ')"
    key="$(printf 'minbase %s %s' "$suite" "$sorted" | sha256sum | cut -c1-12)"
    tarball="$base/cache/$suite-$key.tar.gz"
    if [ -f "$folder/.planreview-folder" ] && [ "$(cat "$folder/.planreview-folder")" = "$key" ]; then
        echo "$folder"; return 0
    fi
    # One bootstrap at a time (parallel Scripts/broker calls): the second waits, then finds it done.
    mkdir -p "$base"
    exec 9> "$base/.lock"
    flock 9
    if [ -f "$folder/.planreview-folder" ] && [ "$(cat "$folder/.planreview-folder")" = "$key" ]; then
        flock -u 9; echo "$folder"; return 0
    fi
    command -v debootstrap >/dev/null || {
        log "installing debootstrap (Debian's package)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null 2>&1 \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
    }
    mkdir -p "$base/cache" "$base/debs-$suite"
    rm -rf "$folder"
    mkdir -p "$folder"
    if [ -f "$tarball" ]; then
        log "unpacking $suite folder $name from $(basename "$tarball")"
        tar -xzf "$tarball" -C "$folder"
    else
        local include=()
        [ -n "$sorted" ] && include=("--include=$(echo "$sorted" | xargs | tr ' ' ',')")
        log "debootstrap $suite (minbase${sorted:+, + $sorted}) into $folder from $(debian_mirror)"
        # Once more after a failure: a mirror's transient error (a 5xx, a reset) should not fail CI; the
        # .debs fetched by the first try stay in the cache directory.
        local try
        for try in 1 2; do
            if debootstrap --variant=minbase --cache-dir="$base/debs-$suite" "${include[@]}" \
                "$suite" "$folder" "$(debian_mirror)" > "$base/$name.debootstrap.log" 2>&1; then
                break
            fi
            tail -n 20 "$base/$name.debootstrap.log" >&2
            [ "$try" = 2 ] && die "debootstrap $suite failed twice (log: $base/$name.debootstrap.log; offline? PLANREVIEW_TEST_RABBITMQ4=0 Scripts/test skips RabbitMQ 4.0)"
            log "debootstrap $suite failed; trying once more in 10 s"
            sleep 10
            rm -rf "$folder" && mkdir -p "$folder"
        done
        rm -rf "$folder/var/cache/apt/archives/"*.deb "$folder/var/lib/apt/lists/"*_Packages
        tar -czf "$tarball.tmp" -C "$folder" . && mv "$tarball.tmp" "$tarball"
    fi
    echo "$key" > "$folder/.planreview-folder"
    flock -u 9
    echo "$folder"
}

# Run a command inside a Debian folder: a private mount namespace (the mounts vanish with the command),
# /proc, /dev and the given host directories bound at the same paths, then chroot. Loopback is the host's.
#
#   in_folder FOLDER [BIND_DIR...] -- COMMAND ARGS...
in_folder() {
    local folder="$1" binds=""
    shift
    while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do binds="$binds$1"$'\n'; shift; done
    [ "${1:-}" = "--" ] && shift
    FOLDER="$folder" FOLDER_BINDS="$binds" unshare --mount --propagation private -- bash -c '
        set -e
        mount -t proc proc "$FOLDER/proc"
        mount --rbind /dev "$FOLDER/dev"
        while IFS= read -r dir; do
            [ -n "$dir" ] || continue
            mkdir -p "$FOLDER$dir"
            mount --bind "$dir" "$FOLDER$dir"
        done <<< "$FOLDER_BINDS"
        exec chroot "$FOLDER" "$@"' in_folder "$@"
}

# The packages Deploy/Dockerfile's runtime stage (its second FROM) installs with
# `apt-get install -y --no-install-recommends ...`: the one list Scripts/check-runtime and
# Scripts/package read.
dockerfile_runtime_packages() {
    awk '/^FROM /{ n++ } n == 2' "$REPO/Deploy/Dockerfile" \
        | grep -oE 'apt-get install -y --no-install-recommends [^\\&]+' | head -n 1 \
        | sed 's/.*--no-install-recommends//' | xargs
}

# RabbitMQ's tools for a node whose files live in DIR: the host's (PLANREVIEW_RABBITMQ=3, the default),
# or RabbitMQ 4's in its trixie folder under chroot, with DIR bound into it at the same path.
#   RABBITMQ_FOLDER="$(rabbitmq_folder)"; rabbit_tool DIR rabbitmqctl ARGS...; rabbit_chown DIR
rabbitmq_folder() {
    case "${PLANREVIEW_RABBITMQ:-3}" in
    3) ;;
    4) [ "$(id -u)" = 0 ] || die "PLANREVIEW_RABBITMQ=4 runs RabbitMQ under chroot: run as root"
       debian_folder rabbitmq4 trixie rabbitmq-server ;;
    *) die "PLANREVIEW_RABBITMQ must be 3 or 4 (is $PLANREVIEW_RABBITMQ)" ;;
    esac
}
rabbit_tool() {
    local dir="$1" tool="$2"; shift 2
    if [ -n "${RABBITMQ_FOLDER:-}" ]; then
        in_folder "$RABBITMQ_FOLDER" "$dir" -- env HOME=/var/lib/rabbitmq \
            runuser -m -u rabbitmq -- "/usr/lib/rabbitmq/bin/$tool" "$@"
    else
        rabbit_as_user "$tool" "$@"
    fi
}
# The node's files belong to its rabbitmq user: the folder's, by number (the host's has another uid).
rabbit_chown() {
    if [ -n "${RABBITMQ_FOLDER:-}" ]; then
        chown -R "$(chroot "$RABBITMQ_FOLDER" id -u rabbitmq):$(chroot "$RABBITMQ_FOLDER" id -g rabbitmq)" "$1"
    elif [ "$(id -u)" = 0 ] && id rabbitmq >/dev/null 2>&1; then
        chown -R rabbitmq:rabbitmq "$1"
    fi
}
