"""Rebuild the README's user guide from docs/<part>.md (between the GUIDE markers).
Run after editing a part's documentation: .venv/bin/python scripts/build_readme.py"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["workspace", "cases", "reporting", "services", "stats", "kla", "prevention", "privacy", "transfers", "alerts", "families", "survivor"]
START, END = "<!-- GUIDE:START (generated from docs/*.md by scripts/build_readme.py) -->", "<!-- GUIDE:END -->"


def demote(text: str) -> str:
    out = []
    for line in text.splitlines():
        out.append("#" + line if line.startswith("#") else line)
    return "\n".join(out).strip() + "\n"


def main() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = "\n".join(demote((ROOT / "docs" / f"{p}.md").read_text(encoding="utf-8")) for p in PARTS)
    before, rest = readme.split(START)
    _, after = rest.split(END)
    (ROOT / "README.md").write_text(f"{before}{START}\n## User guide\n\n{guide}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
