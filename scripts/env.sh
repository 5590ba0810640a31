# Sourced by every Sapa script: puts the project's own tools (Node 24, ferretdb) first
# on PATH when they were installed under .tools/ by scripts/setup.sh (and centrifugo, which
# `npm run bench` installs there on first use for its side-by-side runs).
SAPA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SAPA_ROOT
export SAPA_TOOLS="$SAPA_ROOT/.tools"
for dir in "$SAPA_TOOLS/node/node_modules/node/bin" "$SAPA_TOOLS/bin"; do
  if [ -d "$dir" ]; then
    case ":$PATH:" in *":$dir:"*) ;; *) PATH="$dir:$PATH" ;; esac
  fi
done
export PATH
