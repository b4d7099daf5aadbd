# Shared by deploy/local/up and deploy/local/down (sourced, not run).
# Every process of the stack runs in its own session (setsid); its PID is recorded in .run/<name>.pid.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL=$ROOT/deploy/local
RUN=$LOCAL/.run
CACHE=$LOCAL/.cache
KAFKA_LIB=$CACHE/kafka-lib
PG_LIB=$CACHE/postgres-lib
KC_VERSION=26.7.3
KC_HOME=$CACHE/keycloak/keycloak-$KC_VERSION
KC_URL=http://localhost:8180
# module:port:database
SERVICES=(binding-service:8081:binding wallet-service:8082:wallet settlement-service:8083:settlement withdrawal-service:8084:withdrawal)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33mWARN: %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# The command line that identifies a part as ours (guards against a recycled PID).
marker() {
  case $1 in
    kafka) echo "$ROOT/deploy/kafka/src/SecureKafka.java" ;;
    keycloak) echo "$KC_HOME" ;;
    postgres) echo "$LOCAL/postgres/EmbeddedPg.java" ;;
    *) echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar" ;;
  esac
}

# Prints the recorded PID of a part if that process is alive and still ours.
pid_of() {
  local pid
  pid=$(cat "$RUN/$1.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$(marker "$1")" && echo "$pid"
}

# A PID, its descendants, and the other members of its session when that session is its own (setsid).
tree_of() {
  local pid=$1 child sid
  echo "$pid"
  for child in $(pgrep -P "$pid" || true); do tree_of "$child"; done
  sid=$(ps -o sid= -p "$pid" | tr -d ' ')
  if [[ -n $sid && $sid != "$(ps -o sid= -p $$ | tr -d ' ')" ]]; then
    ps -eo pid=,sid= | awk -v s="$sid" '$2 == s { print $1 }'
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

rss_mb() { ps -o rss= -p "$1" 2>/dev/null | awk '{ printf "%d MB", $1 / 1024 }'; }
