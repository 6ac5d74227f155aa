# Sourced by .ci/run and bin/run-local: exports JAVA_HOME as a JDK 21+ (the one given, or the
# newest under /usr/lib/jvm), or exits saying what to install.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && { [ -z "$JAVA_HOME" ] || [ "$major" -gt "$(java_major "$JAVA_HOME")" ]; }; then
      JAVA_HOME=$candidate
    fi
  done
fi
if [ -z "$JAVA_HOME" ]; then
  echo "No JDK 21+ found (JAVA_HOME unset or older, none under /usr/lib/jvm): install one (e.g. Temurin 21 or 25) and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
