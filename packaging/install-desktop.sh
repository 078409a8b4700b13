#!/usr/bin/env bash
# Registers ACH Workbench with the desktop for the current user (no root needed):
# the menu entry, the .achw file type with its icon, the program icons and the
# AppStream metadata, all under ${XDG_DATA_HOME:-~/.local/share}.
#
#   install-desktop.sh [--exec COMMAND] [--resources DIR]   install or update
#   install-desktop.sh --uninstall                          remove them again
#
# It works from a source checkout (packaging/install-desktop.sh) and from the
# one-folder program built by packaging/build.sh, which carries a copy of this
# script beside its ach-workbench binary.  The menu entry starts COMMAND
# (default: that binary when there is one, else `ach-workbench` from PATH, as
# installed by pip).
set -euo pipefail

APP=ach-workbench
MIME_TYPE=application/x-ach-worksheet
METAINFO=io.github.achworkbench.ACHWorkbench.metainfo.xml

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
exec_cmd=""
resources=""
action=install

usage() { sed -n '2,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --exec) exec_cmd=${2:?--exec needs a command}; shift 2 ;;
    --resources) resources=${2:?--resources needs a folder}; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-desktop.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

refresh() {
  # Each cache is optional: desktops also read the plain files, just later.
  if command -v update-mime-database >/dev/null && [ -d "$data/mime/packages" ]; then
    update-mime-database "$data/mime"
  fi
  if command -v update-desktop-database >/dev/null && [ -d "$data/applications" ]; then
    update-desktop-database -q "$data/applications"
  fi
  if [ -d "$data/icons/hicolor" ]; then
    touch "$data/icons/hicolor"  # tells icon caches to look again
    if command -v gtk-update-icon-cache >/dev/null && [ -f "$data/icons/hicolor/index.theme" ]; then
      gtk-update-icon-cache -q -f "$data/icons/hicolor" || true
    fi
  fi
}

if [ "$action" = uninstall ]; then
  rm -f "$data/applications/$APP.desktop" "$data/mime/packages/$APP.xml" \
        "$data/metainfo/$METAINFO" \
        "$data/icons/hicolor/scalable/apps/$APP.svg" \
        "$data/icons/hicolor/scalable/mimetypes/${MIME_TYPE/\//-}.svg"
  rm -f "$data"/icons/hicolor/*/apps/$APP.png "$data"/icons/hicolor/*/mimetypes/"${MIME_TYPE/\//-}".png
  refresh
  echo "ACH Workbench removed from the desktop menu and file types ($data)."
  exit 0
fi

# Where the files to install are: a checkout, or the one-folder program.
if [ -z "$resources" ]; then
  for candidate in "$here/../resources" "$here/_internal/resources" "$here/resources"; do
    if [ -f "$candidate/desktop/$APP.desktop" ]; then resources=$candidate; break; fi
  done
fi
if [ -z "$resources" ] || [ ! -f "$resources/desktop/$APP.desktop" ]; then
  echo "install-desktop.sh: cannot find ACH Workbench's resources folder; name it with --resources DIR" >&2
  exit 1
fi

# What the menu entry starts.
if [ -z "$exec_cmd" ]; then
  if [ -x "$here/$APP" ] && [ -f "$here/$APP" ]; then exec_cmd="$here/$APP"; else exec_cmd=$APP; fi
fi
if [ "$exec_cmd" = "$APP" ] && ! command -v "$APP" >/dev/null; then
  echo "Note: $APP is not on PATH yet; the menu entry will work once it is (pip install ., or --exec PATH)." >&2
fi
case "$exec_cmd" in
  *[\"\`\$\\]*) echo "install-desktop.sh: the program's path must not contain \" \` \$ or \\: $exec_cmd" >&2; exit 1 ;;
  *[!A-Za-z0-9/._+-]*) exec_field="\"$exec_cmd\"" ;;  # desktop entry quoting (spaces and the like)
  *) exec_field=$exec_cmd ;;
esac

install -d "$data/applications" "$data/mime/packages" "$data/metainfo" \
           "$data/icons/hicolor/scalable/apps" "$data/icons/hicolor/scalable/mimetypes"
# sed's replacement text: escape the characters special to it.
exec_sed=$(printf '%s' "$exec_field" | sed 's/[&|\\]/\\&/g')
tryexec_sed=$(printf '%s' "$exec_cmd" | sed 's/[&|\\]/\\&/g')
sed -e "s|^Exec=$APP |Exec=$exec_sed |" -e "s|^TryExec=$APP\$|TryExec=$tryexec_sed|" \
  "$resources/desktop/$APP.desktop" >"$data/applications/$APP.desktop.tmp"
chmod 644 "$data/applications/$APP.desktop.tmp"
mv "$data/applications/$APP.desktop.tmp" "$data/applications/$APP.desktop"
install -m 644 "$resources/desktop/$APP.xml" "$data/mime/packages/$APP.xml"
install -m 644 "$resources/desktop/$METAINFO" "$data/metainfo/$METAINFO"
install -m 644 "$resources/icons/$APP.svg" "$data/icons/hicolor/scalable/apps/$APP.svg"
install -m 644 "$resources/icons/${MIME_TYPE/\//-}.svg" \
  "$data/icons/hicolor/scalable/mimetypes/${MIME_TYPE/\//-}.svg"
for png in "$resources"/icons/hicolor/*/*/*.png; do
  rel=${png#"$resources/icons/hicolor/"}
  install -D -m 644 "$png" "$data/icons/hicolor/$rel"
done
refresh
echo "ACH Workbench added to the desktop menu, with .achw files ($data); it starts: $exec_field"
