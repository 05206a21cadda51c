#!/usr/bin/env python3
"""Write a folder of generated news articles (a fictional port strike told by many outlets)
for the README's large-folder screenshot:  python docs/generate_folder.py OUT [N]."""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ["Harbour Gazette", "Northern Ledger", "Coastal Times", "The Daily Wire",
           "Metro Morning", "Evening Standard-Post", "Valley Herald", "Republic Radio",
           "Freight Weekly", "Business Line", "Civic Voice", "Island Tribune", "The Observer Now",
           "Channel 9 News", "Atlas Press", "Union Bulletin", "Market Watchers", "Lakeside News",
           "Capital Report", "Dockside Digest", "South Bay Chronicle", "Morning Courier",
           "Global Trade Review", "Pacific Dispatch", "City Hall Notes", "The Port Letter",
           "Weekend Review", "Labour Journal", "Bay Area Today", "Straits Mail"]
EVENTS = [
    ("Dock workers at the port of Halvorsen walked out", 0),
    ("The port authority suspended night shifts", 2),
    ("Talks between the union and the port operator collapsed", 5),
    ("Container ships were diverted to the northern terminal", 7),
    ("The transport minister called for mediation", 9),
    ("A mediator was appointed by the labour court", 12),
    ("Fuel shortages were reported at coastal petrol stations", 14),
    ("The union agreed to let medical supplies through", 16),
    ("Workers and the operator signed a provisional deal", 21),
    ("The first ships were unloaded after the strike", 23),
]
BACKGROUND = [
    "The port was founded in {y1} and expanded in {y2}.",
    "A similar dispute in {y3} lasted six weeks.",
    "The last general strike in the region took place in {y4}.",
]


def article(i: int, rng: random.Random, start: date) -> tuple[str, str]:
    outlet = OUTLETS[i % len(OUTLETS)] if rng.random() < 0.8 else rng.choice(OUTLETS[:6])
    day = rng.randrange(0, 26)
    published = start + timedelta(days=day)
    told = [e for e in EVENTS if e[1] <= day]
    news = told[-1] if told else EVENTS[0]
    lines = [f"{news[0]}, {outlet} reports", "",
             f"Published {published.day} {published:%B %Y}", "",
             f"{news[0]} on {(start + timedelta(days=news[1])):%d %B %Y}, officials said."]
    for text, offset in rng.sample(told, min(len(told), 3)):
        when = start + timedelta(days=offset)
        lines += ["", f"{text} on {when.day} {when:%B}."]
    lines += ["", rng.choice(BACKGROUND).format(y1=1873, y2=1961, y3=1998, y4=2011),
              "", f"Copyright © 2023 {outlet}"]
    return outlet, "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    n = int(argv[1]) if len(argv) > 1 else 250
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(11)
    for i in range(n):
        outlet, text = article(i, rng, date(2023, 3, 6))
        slug = outlet.lower().replace(" ", "-").replace(".", "")
        (out / f"{i:03d}-{slug}.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
