"""Entities on events and the --entity filter of every export, on a corpus written here."""
import json

from model.cli import main

HARBOUR = ("Harbour deal\n\nMarch 3, 2021\n\nNorthwind Shipping Ltd. bought the old ferry "
           "terminal on Monday. Mayor Clara Benson welcomed the sale. Northwind said it would "
           "hire forty dock workers. The council approved a new bus route on Tuesday.")
MARKET = ("Market week\n\nMarch 5, 2021\n\nShares in Northwind rose on Thursday after the "
          "terminal purchase. On Wednesday, Benson opened a flower market in the square.")


def build(tmp_path, *extra):
    folder = tmp_path / "news"
    folder.mkdir(exist_ok=True)
    (folder / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "market.txt").write_text(MARKET, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["build", str(folder), "--no-cache", "--json", str(out), *extra]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_events_name_their_entities_and_aliases_resolve(tmp_path):
    data = build(tmp_path)
    names = {e["name"]: e for e in data["entities"]}
    assert "Clara Benson" in names and "Benson" in names["Clara Benson"]["aliases"]
    northwind = [e for e in data["entities"] if e["name"].startswith("Northwind")]
    assert len(northwind) == 1
    bought = [e for e in data["events"] if "terminal" in e["label"].lower()
              and "bought" in e["label"].lower()]
    assert bought and any(x["id"] == northwind[0]["id"] for x in bought[0]["entities"])


def test_entity_filter_keeps_exactly_that_entitys_events(tmp_path, capsys):
    everything = build(tmp_path)
    person = next(e for e in everything["entities"] if e["name"] == "Clara Benson")
    expected = {e["label"] for e in everything["events"]
                if any(x["id"] == person["id"] for x in e["entities"])}
    assert expected
    only = build(tmp_path, "--entity", "Benson")
    assert {e["label"] for e in only["events"]} == expected
    assert main(["build", str(tmp_path / "news"), "--no-cache", "--entity", "Nobody",
                 "--csv", str(tmp_path / "x.csv")]) == 0
    assert "no entity is called 'Nobody'" in capsys.readouterr().err


def test_the_image_can_have_one_lane_per_entity(tmp_path, monkeypatch):
    import model.render
    everything = build(tmp_path)
    ids = {e["name"]: e["id"] for e in everything["entities"]}
    asked = {}
    monkeypatch.setattr(model.render, "render_timeline",
                        lambda chron, path, **kwargs: asked.update(kwargs, chron=chron))
    assert main(["build", str(tmp_path / "news"), "--no-cache", "--entity", "Northwind",
                 "--entity", "Benson", "--lanes", "entity", "--image",
                 str(tmp_path / "lanes.svg")]) == 0
    assert asked["lanes"] == "entity"
    assert asked["entities"] == (ids["Northwind Shipping Ltd."], ids["Clara Benson"])
