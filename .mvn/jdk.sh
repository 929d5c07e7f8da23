# Sourced by ./mvnw, ./imagebot and .ci/run: makes JAVA_HOME a JDK 21 or newer.
# Keeps JAVA_HOME when it already is one; else takes `java` on PATH when new enough; else the newest
# JDK under /usr/lib/jvm (or IMAGEBOT_JVM_DIR). Fails with a clear message when there is none.

imagebot_java_major() { # $1 = a java binary; prints its feature version (17, 21, 25...) or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

imagebot_use_jdk21() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    _ib_v=$(imagebot_java_major "$JAVA_HOME/bin/java")
    [ -n "$_ib_v" ] && [ "$_ib_v" -ge 21 ] && return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    _ib_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    _ib_v=$(imagebot_java_major "$_ib_home/bin/java")
    if [ -n "$_ib_v" ] && [ "$_ib_v" -ge 21 ]; then JAVA_HOME=$_ib_home; export JAVA_HOME; return 0; fi
  fi
  _ib_best= _ib_bestv=0
  for _ib_d in "${IMAGEBOT_JVM_DIR:-/usr/lib/jvm}"/*/; do
    _ib_d=${_ib_d%/}
    [ -x "$_ib_d/bin/javac" ] || continue
    [ -L "$_ib_d" ] && continue
    _ib_v=$(imagebot_java_major "$_ib_d/bin/java")
    if [ -n "$_ib_v" ] && [ "$_ib_v" -ge 21 ] && [ "$_ib_v" -gt "$_ib_bestv" ]; then _ib_best=$_ib_d _ib_bestv=$_ib_v; fi
  done
  if [ -z "$_ib_best" ]; then
    echo "error: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, none under ${IMAGEBOT_JVM_DIR:-/usr/lib/jvm})." >&2
    echo "       Install a JDK 21+ and point JAVA_HOME at it." >&2
    return 1
  fi
  JAVA_HOME=$_ib_best; export JAVA_HOME
}
