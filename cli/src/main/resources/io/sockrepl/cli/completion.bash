# What each command's operands are. Above: the commands and each one's options, from the commands.

# the pids of this user's JVMs: the JDK's own list of attachable JVMs, without starting one
_sockrepl_pids() {
  # HotSpot keeps it in /tmp whatever TMPDIR says
  local dir="/tmp/hsperfdata_$(id -un 2>/dev/null)" f
  for f in "$dir"/*; do
    f=${f##*/}
    case $f in
      '' | *[!0-9]*) ;;
      *) [ -d "/proc/$f" ] && printf '%s\n' "$f" ;;
    esac
  done
}

# UNIX sockets under the word typed so far, and the directories to go on in
_sockrepl_sockets() {
  local f
  while IFS= read -r f; do
    if [ -S "$f" ] || [ -d "$f" ]; then
      printf '%s\n' "$f"
    fi
  done < <(compgen -f -- "$1")
}

_sockrepl() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=
  [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}
  local cmd= i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    case " $_sockrepl_commands " in
      *" $w "*) cmd=$w; break ;;
    esac
  done
  COMPREPLY=()
  case $prev in
    -f | --session-file | --file | --audit-log | --log)
      COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
    -e | --eval | --token | --timeout | --loader | --javac | --port | --max-*)
      return ;;
  esac
  if [[ $cur == -* ]]; then
    local options_var=_sockrepl_options_${cmd}
    COMPREPLY=($(compgen -W "${!options_var}" -- "$cur"))
    return
  fi
  case $cmd in
    redefine)
      COMPREPLY=($(compgen -f -X '!*.@(java|class)' -- "$cur") $(compgen -d -- "$cur"))
      compopt -o filenames 2>/dev/null ;;
    serve | demo | completion | help | ps) ;;
    '')
      COMPREPLY=($(compgen -W "$_sockrepl_commands" -- "$cur") $(_sockrepl_sockets "$cur") \
        $(compgen -W "$(_sockrepl_pids)" -- "$cur"))
      compopt -o filenames 2>/dev/null ;;
    *)
      COMPREPLY=($(_sockrepl_sockets "$cur") $(compgen -W "$(_sockrepl_pids)" -- "$cur"))
      compopt -o filenames 2>/dev/null ;;
  esac
}
shopt -s extglob
complete -F _sockrepl sockrepl
