#!/bin/sh
# Prepares Elasticsearch and Kibana for Ingestor; safe to run again.
#   1. waits for Elasticsearch, sets the kibana_system password (when KIBANA_PASSWORD is given),
#   2. PUTs the component templates and the index template, creates the first article index behind its
#      read and write aliases and the alerts percolator index, unless they exist,
#   3. waits for Kibana and imports the saved objects of every KIBANA_DIR/*.ndjson (data view, saved search, dashboard).
# The JSON bodies come from `ingestor es template --out deploy/elasticsearch` (a test keeps them current).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
ES_URL=${ES_URL:-http://localhost:9200}
KIBANA_URL=${KIBANA_URL:-http://localhost:5601}
ES_USER=${ES_USER:-elastic}
ELASTIC_PASSWORD=${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD}
KIBANA_PASSWORD=${KIBANA_PASSWORD:-}
ES_CA_CERT=${ES_CA_CERT:-}
INDEX_PREFIX=${INDEX_PREFIX:-ingestor-articles}
ALERTS_INDEX=${ALERTS_INDEX:-ingestor-alerts}
TEMPLATES_DIR=${TEMPLATES_DIR:-$here/elasticsearch}
KIBANA_DIR=${KIBANA_DIR:-$here/../config/kibana}
SKIP_KIBANA=${SKIP_KIBANA:-0}
WAIT_SECONDS=${WAIT_SECONDS:-300}

status=000
body=

log() { echo "es-setup: $*" >&2; }

# call METHOD URL [curl args...]: leaves the answer in $status and $body; returns 0 for 2xx.
call() {
  method=$1 url=$2
  shift 2
  if [ "$method" = HEAD ]; then
    set -- --head "$@"
  else
    set -- -X "$method" "$@"
  fi
  if [ -n "$ES_CA_CERT" ]; then
    set -- --cacert "$ES_CA_CERT" "$@"
  fi
  out=$(mktemp)
  status=$(curl -sS -o "$out" -w '%{http_code}' -u "$ES_USER:$ELASTIC_PASSWORD" "$@" "$url") || status=000
  body=$(cat "$out")
  rm -f "$out"
  [ "$status" -ge 200 ] 2>/dev/null && [ "$status" -lt 300 ]
}

# es METHOD PATH [FILE]: a JSON request to Elasticsearch.
es() {
  if [ $# -ge 3 ]; then
    call "$1" "$ES_URL$2" -H 'Content-Type: application/json' --data-binary "@$3"
  else
    call "$1" "$ES_URL$2"
  fi
}

# put PATH FILE: PUT a body and stop with the server's answer when it refuses.
put() {
  if ! es PUT "$1" "$2"; then
    log "PUT $1 failed (HTTP $status): $body"
    exit 1
  fi
  log "PUT $1"
}

# create_index NAME FILE: PUT a new index; one the ingestor created meanwhile (it applies the same bodies) is fine.
create_index() {
  if es PUT "/$1" "$2"; then
    log "PUT /$1"
  elif [ "$status" = 400 ] && case "$body" in *resource_already_exists_exception*) true ;; *) false ;; esac; then
    log "index $1 exists (created meanwhile)"
  else
    log "PUT /$1 failed (HTTP $status): $body"
    exit 1
  fi
}

wait_for() {
  what=$1 url=$2 expected=$3
  waited=0
  until call GET "$url" 2>/dev/null || [ "$status" = "$expected" ]; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      log "$what did not answer at $url within ${WAIT_SECONDS}s (last HTTP $status)"
      exit 1
    fi
    sleep 3
    waited=$((waited + 3))
  done
  log "$what is up"
}

wait_for Elasticsearch "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=5s" "none"

if [ -n "$KIBANA_PASSWORD" ]; then
  if ! call POST "$ES_URL/_security/user/kibana_system/_password" -H 'Content-Type: application/json' \
      --data-binary "{\"password\":\"$KIBANA_PASSWORD\"}"; then
    log "setting the kibana_system password failed (HTTP $status): $body"
    exit 1
  fi
  log "kibana_system password set"
fi

put "/_component_template/$INDEX_PREFIX-settings" "$TEMPLATES_DIR/component_template.$INDEX_PREFIX-settings.json"
put "/_component_template/$INDEX_PREFIX-mappings" "$TEMPLATES_DIR/component_template.$INDEX_PREFIX-mappings.json"
put "/_index_template/$INDEX_PREFIX" "$TEMPLATES_DIR/index_template.$INDEX_PREFIX.json"

if es GET "/_alias/$INDEX_PREFIX-write"; then
  log "alias $INDEX_PREFIX-write exists"
elif [ "$status" = 404 ]; then
  create_index "$INDEX_PREFIX-v1" "$TEMPLATES_DIR/index.$INDEX_PREFIX-v1.json"
else
  log "GET /_alias/$INDEX_PREFIX-write failed (HTTP $status)"
  exit 1
fi

if es HEAD "/$ALERTS_INDEX"; then
  log "index $ALERTS_INDEX exists"
elif [ "$status" = 404 ]; then
  create_index "$ALERTS_INDEX" "$TEMPLATES_DIR/index.$ALERTS_INDEX.json"
else
  log "HEAD /$ALERTS_INDEX failed (HTTP $status)"
  exit 1
fi

if [ "$SKIP_KIBANA" = 1 ]; then
  log "done (Kibana skipped)"
  exit 0
fi

wait_for Kibana "$KIBANA_URL/api/status" "none"
imported=0
for objects in "$KIBANA_DIR"/*.ndjson; do
  [ -f "$objects" ] || continue
  if ! call POST "$KIBANA_URL/api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: true' \
      --form "file=@$objects"; then
    log "importing $objects failed (HTTP $status): $body"
    exit 1
  fi
  case "$body" in
    *'"success":true'*) log "Kibana saved objects imported from $(basename "$objects"): $body" ;;
    *) log "Kibana refused some saved objects of $objects: $body"; exit 1 ;;
  esac
  imported=$((imported + 1))
done
if [ "$imported" = 0 ]; then
  log "no saved objects (*.ndjson) in $KIBANA_DIR"
  exit 1
fi
log "done: open $KIBANA_URL/app/dashboards#/view/ingestor-news-overview"
