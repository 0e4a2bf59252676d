#!/usr/bin/env bash
# Manual GUI check (not part of the test suite): the "NiT Train..." dialog and its training window
# (loss plot, previews, status line), under Xvfb (apt-get install -y xvfb), on the bundled
# smoke-test model. Needs `mvn package` first. Screenshots go to target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/screenshots
ij=target/screenshots-train-ij
rm -rf "$ij"
mkdir -p "$out" "$ij/plugins"
cp target/NiT_Fiji-*.jar "$ij/plugins/"
# ImageJ is a provided dependency (Fiji ships it): not in target/lib, so ask Maven for the class path
mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/screenshots-classpath.txt
cp="$(cat target/screenshots-classpath.txt)"
xvfb-run -a -s "-screen 0 2400x1000x24" java -Dai.djl.offline=true -Dplugins.dir="$PWD/$ij" \
  -Dnit.models.dir="$PWD/$ij/models" -cp "$cp" src/tools/TrainScreenshots.java "$out" "$PWD/$ij/cells"
