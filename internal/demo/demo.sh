#!/usr/bin/env bash
# make demo: start the reference API on a free localhost port with a fresh
# SQLite file, point Terraform at the freshly built provider through a dev
# override, and apply examples/quickstart.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
demo="$root/.demo"
bin="$root/bin"
export CHECKPOINT_DISABLE=1

if [ -f "$demo/api.pid" ] && kill -0 "$(cat "$demo/api.pid")" 2>/dev/null; then
  kill "$(cat "$demo/api.pid")"; sleep 1
fi
rm -rf "$demo"; mkdir -p "$demo"

token="ptk_demo_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PORTAL_BOOTSTRAP_TOKEN="$token" nohup "$bin/portal-api" serve --addr 127.0.0.1:0 --addr-file "$demo/addr" \
  --db "$demo/portal.db" --dev >"$demo/api.log" 2>&1 &
echo $! >"$demo/api.pid"
for _ in $(seq 50); do [ -s "$demo/addr" ] && break; sleep 0.1; done
[ -s "$demo/addr" ] || { echo "the API did not start; see $demo/api.log" >&2; exit 1; }
endpoint="http://$(cat "$demo/addr")"

cat >"$demo/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "mspportal/portal" = "$bin"
  }
  direct {}
}
RC
cp -r "$root/examples/quickstart" "$demo/quickstart"
cat >"$demo/env" <<ENV
export TF_CLI_CONFIG_FILE="$demo/terraformrc"
export PORTAL_ENDPOINT="$endpoint"
export PORTAL_TOKEN="$token"
export CHECKPOINT_DISABLE=1
ENV
# shellcheck source=/dev/null
. "$demo/env"

echo "== portal API on $endpoint (log: .demo/api.log)"
# With a dev override there is nothing to install: terraform init is not needed.
terraform -chdir="$demo/quickstart" apply -auto-approve -input=false -compact-warnings
echo
echo "== created"
terraform -chdir="$demo/quickstart" output
cat <<DONE

The invitation e-mail is in the dev outbox; open its link in a browser to accept it:
  curl -s -H "Authorization: Bearer \$PORTAL_TOKEN" "\$PORTAL_ENDPOINT/v1/dev/outbox?to=it-lead@acme.example"
then sign in at \$PORTAL_ENDPOINT/signin and enrol an authenticator app on the account page.

The API keeps running so you can explore:
  . .demo/env                                  # endpoint, token and dev override for this shell
  curl -H "Authorization: Bearer \$PORTAL_TOKEN" \$PORTAL_ENDPOINT/v1/organizations
  terraform -chdir=.demo/quickstart plan       # empty: nothing drifted
Clean up:
  terraform -chdir=.demo/quickstart destroy -auto-approve && make demo-stop
DONE
