#!/usr/bin/env bash
# Refresh the web pages' third-party assets in app/web/static/vendor/ from npm at pinned versions: no CDN at run
# time, no JavaScript build step. Run from the repository root; needs npm. Change a version here, rerun, commit.
set -euo pipefail
HTMX=2.0.11 PICO=2.1.1 AXE=4.11.4 SWAGGER=5.35.0
dest="$(pwd)/app/web/static/vendor"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "htmx.org@$HTMX" "@picocss/pico@$PICO" "axe-core@$AXE" "swagger-ui-dist@$SWAGGER" >/dev/null
for t in *.tgz; do mkdir "${t%.tgz}"; tar -xzf "$t" -C "${t%.tgz}" --strip-components=1; done
rm -rf "$dest"; mkdir -p "$dest"/{htmx,pico,axe-core,swagger-ui}
cp "htmx.org-$HTMX/dist/htmx.min.js" "htmx.org-$HTMX/LICENSE" "$dest/htmx/"
cp "picocss-pico-$PICO/css/pico.min.css" "picocss-pico-$PICO/LICENSE.md" "$dest/pico/"
cp "axe-core-$AXE/axe.min.js" "axe-core-$AXE/LICENSE" "$dest/axe-core/"
cp "swagger-ui-dist-$SWAGGER"/{swagger-ui-bundle.js,swagger-ui.css,favicon-32x32.png,LICENSE} "$dest/swagger-ui/"
cat > "$dest/VERSIONS.txt" <<TXT
htmx.org $HTMX (dist/htmx.min.js), BSD-2-Clause
@picocss/pico $PICO (css/pico.min.css), MIT
axe-core $AXE (axe.min.js), MPL-2.0 — used only by the browser tests
swagger-ui-dist $SWAGGER (bundle, css, favicon), Apache-2.0
obtained with tools/vendor_web_assets.sh (npm pack at these versions)
TXT
