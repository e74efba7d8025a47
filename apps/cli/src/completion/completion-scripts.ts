import type { CompletionNode } from './command-tree';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * The three scripts share one idea: find the deepest known command path among the words typed so
 * far (skipping options and their values), then offer that command's subcommands, options and
 * argument choices. The tables come from the command tree; the shell code is fixed.
 */
export function completionScript(shell: Shell, nodes: CompletionNode[]): string {
  switch (shell) {
    case 'bash':
      return bash(nodes);
    case 'zsh':
      return zsh(nodes);
    case 'fish':
      return fish(nodes);
  }
}

/** Single-quoted for sh-like shells: nothing inside is expanded. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function wordsOf(node: CompletionNode): string[] {
  return [...node.subcommands.map((s) => s.name), ...node.options.map((o) => o.flag), ...node.choices];
}

const knownPaths = (nodes: CompletionNode[]) => nodes.filter((n) => n.path !== '').map((n) => n.path);

function bash(nodes: CompletionNode[]): string {
  const cases = nodes.map((n) => `    ${quote(n.path)}) echo ${quote(wordsOf(n).join(' '))} ;;`).join('\n');
  return `# latchkey completion for bash. Install:
#   latchkey completion bash > ~/.local/share/bash-completion/completions/latchkey
# or add to ~/.bashrc:  source <(latchkey completion bash)
_latchkey_known() {
  case "$1" in
${knownPaths(nodes)
  .map((p) => `    ${quote(p)}) return 0 ;;`)
  .join('\n')}
  esac
  return 1
}
_latchkey_words() {
  case "$1" in
${cases}
  esac
}
_latchkey() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" next i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    next="\${cmdpath:+$cmdpath }$w"
    _latchkey_known "$next" && cmdpath="$next"
  done
  COMPREPLY=($(compgen -W "$(_latchkey_words "$cmdpath")" -- "$cur"))
}
complete -F _latchkey latchkey
`;
}

function zsh(nodes: CompletionNode[]): string {
  // _describe takes "word:description"; a colon inside the word would end it early.
  const item = (word: string, description: string) =>
    quote(`${word.replace(/:/g, '\\:')}:${oneLine(description)}`);
  const cases = nodes
    .map((n) => {
      const items = [
        ...n.subcommands.map((s) => item(s.name, s.description)),
        ...n.options.map((o) => item(o.flag, o.description)),
        ...n.choices.map((c) => item(c, c)),
      ];
      return `    ${quote(n.path)}) items=(${items.join(' ')}) ;;`;
    })
    .join('\n');
  return `#compdef latchkey
# latchkey completion for zsh. Install (a directory on $fpath, before compinit):
#   latchkey completion zsh > "\${fpath[1]}/_latchkey"
# or add to ~/.zshrc after compinit:  source <(latchkey completion zsh)
_latchkey() {
  local cmdpath="" next w i
  local -a items
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    [[ "$w" == -* ]] && continue
    next="\${cmdpath:+$cmdpath }$w"
    case "$next" in
${knownPaths(nodes)
  .map((p) => `      ${quote(p)}) cmdpath="$next" ;;`)
  .join('\n')}
    esac
  done
  case "$cmdpath" in
${cases}
  esac
  _describe -t commands latchkey items
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _latchkey "$@"
else
  compdef _latchkey latchkey
fi
`;
}

function fish(nodes: CompletionNode[]): string {
  const lines: string[] = [];
  for (const n of nodes) {
    // Paths are command names (letters, digits, dashes) and spaces: safe inside double quotes.
    const at = `-n "__latchkey_at '${n.path}'"`;
    for (const s of n.subcommands)
      lines.push(`complete -c latchkey ${at} -a ${quote(s.name)} -d ${quote(oneLine(s.description))}`);
    for (const o of n.options)
      lines.push(
        `complete -c latchkey ${at} -l ${quote(o.flag.slice(2))} -d ${quote(oneLine(o.description))}`,
      );
    for (const c of n.choices) lines.push(`complete -c latchkey ${at} -a ${quote(c)}`);
  }
  return `# latchkey completion for fish. Install:
#   latchkey completion fish > ~/.config/fish/completions/latchkey.fish
function __latchkey_at
    set -l known ${knownPaths(nodes).map(quote).join(' ')}
    set -l cmdpath ''
    for w in (commandline -opc)[2..-1]
        string match -q -- '-*' $w; and continue
        set -l next (string trim -- "$cmdpath $w")
        contains -- $next $known; and set cmdpath $next
    end
    test "$cmdpath" = "$argv[1]"
end
complete -c latchkey -f
${lines.join('\n')}
`;
}
