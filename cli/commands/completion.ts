// `tiersim completion [bash|zsh]`: prints a shell completion script. The script asks tiersim
// itself for the candidates (`tiersim --get-yargs-completions …`, answered by yargs from the
// same command definitions the CLI parses with), so commands, flags and choices never drift
// from the completions. The scripts follow yargs' own templates, with one change: they name
// their shell in TIERSIM_COMPLETION_SHELL, because yargs otherwise guesses the answer format
// from $SHELL, the login shell — wrong for a zsh user in a bash session and the reverse.
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";

/** The variable the completion scripts set for `--get-yargs-completions` (read in cli/main.ts). */
export const COMPLETION_SHELL_ENV = "TIERSIM_COMPLETION_SHELL";

export type Shell = "bash" | "zsh";
export const SHELLS: readonly Shell[] = ["bash", "zsh"];

const BASH = `###-begin-tiersim-completions-###
#
# tiersim command completion for bash. Install:
#   tiersim completion bash >> ~/.bashrc        (then open a new shell)
#
_tiersim_completions()
{
    local cur_word args type_list

    cur_word="\${COMP_WORDS[COMP_CWORD]}"
    args=("\${COMP_WORDS[@]}")

    mapfile -t type_list < <(${COMPLETION_SHELL_ENV}=bash tiersim --get-yargs-completions "\${args[@]}" 2>/dev/null)
    mapfile -t COMPREPLY < <(compgen -W "$( printf '%q ' "\${type_list[@]}" )" -- "\${cur_word}" |
        awk '/ / { print "\\""$0"\\"" } /^[^ ]+$/ { print $0 }')

    # No command or flag matches: fall back to file names (scenarios, throttles, results).
    if [ \${#COMPREPLY[@]} -eq 0 ]; then
      COMPREPLY=()
    fi
    return 0
}
complete -o bashdefault -o default -F _tiersim_completions tiersim
###-end-tiersim-completions-###
`;

const ZSH = `#compdef tiersim
###-begin-tiersim-completions-###
#
# tiersim command completion for zsh. Install:
#   tiersim completion zsh >> ~/.zshrc          (then open a new shell)
#
_tiersim_completions()
{
  local reply
  local si=$IFS
  IFS=$'\\n' reply=($(COMP_CWORD="$((CURRENT-1))" COMP_LINE="$BUFFER" COMP_POINT="$CURSOR" ${COMPLETION_SHELL_ENV}=zsh tiersim --get-yargs-completions "\${words[@]}" 2>/dev/null))
  IFS=$si
  if [[ \${#reply} -gt 0 ]]; then
    _describe 'values' reply
  else
    _default
  fi
}
if [[ "\${zsh_eval_context[-1]}" == "loadautofunc" ]]; then
  _tiersim_completions "$@"
else
  compdef _tiersim_completions tiersim
fi
###-end-tiersim-completions-###
`;

/**
 * The completion script for `shell`.
 *
 * @example
 * ```ts
 * process.stdout.write(completionScript("zsh"));
 * ```
 */
export function completionScript(shell: Shell): string {
  return shell === "zsh" ? ZSH : BASH;
}

/** The shell to write for when none is named: zsh when $SHELL is zsh, bash otherwise. */
export function defaultShell(env: NodeJS.ProcessEnv = process.env): Shell {
  return (env.SHELL ?? "").includes("zsh") ? "zsh" : "bash";
}

interface Args {
  shell?: Shell;
}

export const command: CommandModule<object, Args> = {
  command: "completion [shell]",
  describe: "Print a shell completion script for commands, flags and choices (bash or zsh)",
  builder: (y: Argv) =>
    y
      .positional("shell", { choices: SHELLS, describe: "Shell to write the script for (default: zsh when $SHELL is zsh, else bash)" })
      .example("$0 completion bash >> ~/.bashrc", "complete tiersim's commands and flags in bash")
      .example("$0 completion zsh >> ~/.zshrc", "the same in zsh") as unknown as Argv<Args>,
  handler: (argv: ArgumentsCamelCase<Args>) => {
    process.stdout.write(completionScript(argv.shell ?? defaultShell()));
  },
};
