#!/usr/bin/env bash
# Manual GUI check (not part of the test suite): the "NiT Generate..." dialog and a result window,
# under Xvfb (apt-get install -y xvfb). Needs `mvn package` first. Screenshots go to target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/screenshots
mkdir -p "$out" target/screenshots-ij/plugins
cp target/NiT_Fiji-*.jar target/screenshots-ij/plugins/
cp=$(ls target/lib/*.jar | tr '\n' ':')
xvfb-run -a -s "-screen 0 1400x1000x24" java -Dai.djl.offline=true -Dplugins.dir="$PWD/target/screenshots-ij" \
  -Dnit.models.dir="$PWD/target/screenshots-ij/models" -cp "$cp" src/tools/Screenshots.java "$out"
