"""The command-line framework speaks Dutch, so a civil servant never reads "Usage:" or "No such
option". Typer carries its own copy of click with English text written into it; three places
are bent to Dutch here, at start-up:

- the usage line's prefix ("Gebruik:") and the help option's text;
- usage errors: ``run`` calls the command without click's standalone handling and prints each
  error as one Dutch sentence, with the usage line and where to find help, exit code 2;
- section titles and help labels that typer takes through gettext (Opties, Argumenten, ...).
"""

from __future__ import annotations

import re
import sys

WORDS = {
    "Options": "Opties",
    "Arguments": "Argumenten",
    "Commands": "Opdrachten",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "(dynamic)": "(bepaald tijdens de run)",
    "Aborted!": "Afgebroken.",
}

HELP_TEXT = "Toon deze hulp met een voorbeeld, en stop."
OPTIONS_METAVAR = "[OPTIES]"
SUBCOMMAND_METAVAR = "OPDRACHT [ARGUMENTEN]..."

# click's English error messages (typer's copy) and their Dutch sentence.
ERRORS = [
    (r"No such option: (.+?)(?: \(Possible options: (.+)\))?$", "onbekende optie {0}.{1}"),
    (r"No such command '(.+)'\.?$", "onbekende opdracht '{0}'; de opdrachten staan in 'nazorg --help'."),
    (r"Missing argument '(.+)'\.?(.*)$", "het argument {0} ontbreekt."),
    (r"Missing option '(.+)'\.?(.*)$", "de optie {0} ontbreekt."),
    (r"Missing parameter: (.+)$", "{0} ontbreekt."),
    (r"Option '(.+)' requires an argument\.?$", "de optie {0} vraagt een waarde."),
    (r"Option '(.+)' requires (\d+) arguments\.?$", "de optie {0} vraagt {1} waarden."),
    (r"Option '(.+)' does not take a value\.?$", "de optie {0} neemt geen waarde."),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", "onverwacht extra argument ({0})."),
    (
        r"Invalid value for '(.+?)': (?:Value error, )?'(.+?)' is not one of (.+?)\.?$",
        "ongeldige waarde '{1}' voor {0}; kies uit {2}.",
    ),
    (
        r"Invalid value for '(.+?)': '(.+?)' is not a valid integer\.?.*$",
        "ongeldige waarde '{1}' voor {0}: geef een geheel getal.",
    ),
    (r"Invalid value for '(.+?)': (.+?) is not in the range (.+)\.$", "ongeldige waarde {1} voor {0}: kies uit {2}."),
    (r"Invalid value for '(.+?)': (.+)$", "ongeldige waarde voor {0}."),
]


def gettext(message: str) -> str:
    return WORDS.get(message, message)


def install() -> None:
    """Point typer's words at Dutch (once, at start-up)."""
    import typer.core
    from typer._click import core as click_core
    from typer._click import formatting

    typer.core._ = gettext
    if not getattr(formatting.HelpFormatter.write_usage, "dutch", False):
        english = formatting.HelpFormatter.write_usage

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            args = args.replace("[OPTIONS]", OPTIONS_METAVAR).replace("COMMAND [ARGS]...", SUBCOMMAND_METAVAR)
            english(self, prog, args, "Gebruik: " if prefix is None else prefix)

        write_usage.dutch = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    if not getattr(click_core.Command.get_help_option, "dutch", False):
        original = click_core.Command.get_help_option

        def get_help_option(self, ctx):
            option = original(self, ctx)
            if option is not None:
                option.help = HELP_TEXT
            return option

        get_help_option.dutch = True  # type: ignore[attr-defined]
        click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]


def usage_error(message: str) -> str:
    """click's English usage error as a Dutch sentence (unknown ones keep their own words)."""
    text = message.strip()
    for pattern, dutch in ERRORS:
        if m := re.match(pattern, text, re.DOTALL):
            groups = [g or "" for g in m.groups()]
            if pattern.startswith("No such option") and groups[1]:
                groups[1] = f" Bedoelt u {groups[1]}?"
            return dutch.format(*groups)
    return text


def run(command, args: list[str] | None = None, prog_name: str = "nazorg") -> None:
    """Run the click command; usage errors become Dutch, exit code 2 (DOMAIN §5); without
    arguments the help is shown with exit code 0."""
    from typer._click import exceptions
    from typer.exceptions import Abort

    arguments = sys.argv[1:] if args is None else args
    try:
        code = command.main(args=arguments, prog_name=prog_name, standalone_mode=False)
    except exceptions.NoArgsIsHelpError as error:
        print(error.ctx.get_help())
        sys.exit(0)
    except exceptions.UsageError as error:
        ctx = error.ctx
        if ctx is not None:
            print(ctx.get_usage(), file=sys.stderr)
            print(f"Zie '{ctx.command_path} --help' voor hulp en een voorbeeld.", file=sys.stderr)
        print(f"Fout: {usage_error(error.format_message())} [gebruik]", file=sys.stderr)
        sys.exit(2)
    except Abort:
        print("Afgebroken.", file=sys.stderr)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)  # a command's typer.Exit comes back as its code
