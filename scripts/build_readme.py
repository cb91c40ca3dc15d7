"""Rebuild the README's user guide from docs/<part>.md (between the GUIDE markers).
Run after editing a part's documentation: .venv/bin/python scripts/build_readme.py"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["workspace", "cases", "reporting", "services", "stats", "kla", "prevention", "privacy", "transfers", "alerts", "families", "survivor"]
START, END = "<!-- GUIDE:START (generated from docs/*.md by scripts/build_readme.py) -->", "<!-- GUIDE:END -->"
LAYOUT_START, LAYOUT_END = "<!-- LAYOUT:START (generated from docs/layout.md by scripts/build_readme.py) -->", "<!-- LAYOUT:END -->"


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
    readme = f"{before}{START}\n## User guide\n\n{guide}\n{END}{after}"
    layout = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8").strip()
    if LAYOUT_START not in readme:  # first run: the section goes before "What each part does"
        readme = readme.replace("## What each part does", f"{LAYOUT_START}\n{LAYOUT_END}\n\n## What each part does", 1)
    before, rest = readme.split(LAYOUT_START)
    _, after = rest.split(LAYOUT_END)
    (ROOT / "README.md").write_text(f"{before}{LAYOUT_START}\n{layout}\n{LAYOUT_END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
