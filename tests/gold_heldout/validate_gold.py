import json, pathlib, re, datetime, sys, itertools
sys.path.insert(0, "/work/shared/eval")
from score import norm, EVENT_TYPES, ENTITY_TYPES
ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/work/main/tests/gold_heldout")
G, AR = ROOT / "gold", ROOT / "articles"
reg = json.loads((G / "entities.json").read_text())
errs, warns = [], []
for gid, e in reg.items():
    if not set(e) <= {"type", "labels", "qid"}: errs.append(f"{gid}: bad keys {set(e)}")
    if not e["labels"] or not all(isinstance(l, str) for l in e["labels"]): errs.append(f"{gid}: labels")
    if not set(e["type"]) <= set(ENTITY_TYPES): errs.append(f"{gid}: type {e['type']}")
    if "qid" in e and not re.fullmatch(r"Q\d+", e["qid"]): errs.append(f"{gid}: qid")
# registry-wide label collisions
lab = {}
for gid, e in reg.items():
    for l in e["labels"]:
        lab.setdefault(norm(l), set()).add(gid)
for l, g in lab.items():
    if len(g) > 1: errs.append(f"registry label collision {l!r}: {g}")
MONTHS = {m: i for i, m in enumerate(["January","February","March","April","May","June","July","August","September","October","November","December"], 1)}
def pdate(s):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s): return datetime.date.fromisoformat(s)
    raise ValueError(s)
n_ev = n_req = 0
for p in sorted(G.glob("*.json")):
    if p.name == "entities.json": continue
    d = json.loads(p.read_text())
    name = d["document"]
    if name != p.stem: errs.append(f"{p.name}: document {name}")
    art = (AR / f"{name}.txt")
    if not art.exists(): errs.append(f"{name}: no article"); continue
    text = art.read_text(); first = text.splitlines()[0]
    m = re.match(r"^(.+?), (\w+) (\d{1,2}) (\d{4}) — ", first)
    if not m: errs.append(f"{name}: dateline {first[:50]}"); continue
    dd = datetime.date(int(m[4]), MONTHS[m[2]], int(m[3]))
    if d["date"] != dd.isoformat(): errs.append(f"{name}: date {d['date']} vs {dd}")
    if d["dateline_place"] not in reg or not any(norm(l) == norm(m[1]) for l in reg[d["dateline_place"]]["labels"]):
        errs.append(f"{name}: dateline_place {d['dateline_place']} vs {m[1]}")
    req, opt = d["entities"], d.get("optional_entities", [])
    if len(set(req)) != len(req) or set(req) & set(opt): errs.append(f"{name}: dup/overlap entities")
    if d["dateline_place"] not in req: errs.append(f"{name}: dateline place not required")
    low = text.lower()
    def mentioned(gid):
        return [l for l in reg[gid]["labels"] if re.search(r"(?<!\w)" + re.escape(l.lower()) + r"(?!\w)", low)]
    for gid in req + opt:
        if gid not in reg: errs.append(f"{name}: unknown entity {gid}"); continue
        hits = mentioned(gid)
        if not hits: (errs if gid in req else warns).append(f"{name}: {'required' if gid in req else 'optional'} {gid} has no label in text")
    allowed = set(req) | set(opt)
    # collisions within allowed
    for a, b in itertools.combinations(sorted(allowed), 2):
        c = {norm(l) for l in reg[a]["labels"]} & {norm(l) for l in reg[b]["labels"]}
        if c: errs.append(f"{name}: label collision {a}/{b}: {c}")
    for i, e in enumerate(d["events"]):
        n_ev += 1; n_req += not e.get("optional")
        tag = f"{name}#{i} {e['type']}"
        if e["type"] not in EVENT_TYPES: errs.append(f"{tag}: type")
        if not set(e) <= {"type","agent","target","participants","place","date","factuality","count","optional","evidence"}: errs.append(f"{tag}: keys {set(e)}")
        ids = [x for k in ("agent","target","place") for x in e.get(k, [])] + [x for s in e.get("participants", []) for x in s]
        for x in ids:
            if x not in reg: errs.append(f"{tag}: unknown id {x}")
            elif x not in allowed: warns.append(f"{tag}: id {x} not among the document's entities")
        for k in ("agent","target","place"):
            if k in e and (not isinstance(e[k], list) or not e[k]): errs.append(f"{tag}: {k} not a non-empty list")
        if "participants" in e and not all(isinstance(s, list) and s for s in e["participants"]): errs.append(f"{tag}: participants")
        if e.get("factuality") not in (None, "asserted", "negated", "hypothetical"): errs.append(f"{tag}: factuality")
        if "count" in e and not isinstance(e["count"], int): errs.append(f"{tag}: count")
        if "date" in e:
            try:
                parts = [pdate(x) for x in e["date"].split("/")]
                if len(parts) == 2 and parts[0] > parts[1]: errs.append(f"{tag}: span order")
            except Exception as ex: errs.append(f"{tag}: date {e['date']} {ex}")
        if not e.get("evidence"): errs.append(f"{tag}: evidence")
        else:
            for frag in e["evidence"].split("..."):
                frag = frag.strip().strip('"')
                if frag and frag.lower() not in low.replace("\u2019", "'"): warns.append(f"{tag}: evidence fragment not verbatim: {frag!r}")
print(f"{len(reg)} entities, {n_ev} events ({n_req} required)")
for w in warns: print("WARN", w)
for e in errs: print("ERROR", e)
sys.exit(1 if errs else 0)
