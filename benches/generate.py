#!/usr/bin/env python3
"""Generate a realistic CCL policy repository of N products, for benchmarks and tests.

The output is a pure function of the arguments (no randomness from the clock), so the
same command always writes the same bytes. The repository has every kind of
declaration, titles, comments, decision rules and a few findings of every rule family
(and a few core errors), plus used and unused suppressions.

    python3 benches/generate.py OUT_DIR --products 1000            # many files
    python3 benches/generate.py OUT_DIR --products 1000 --one-file # one big file

Scenarios for growth checks (each scales with --products):
    --misspell PCT         misspell PCT% of the product references (CC002, did you mean)
    --scenario unknown-refs      N products, each with one unknown reference
    --scenario unterminated      N lines, each an unterminated string (CC001 recovery)
    --scenario suppressions      N products, each with a used suppression comment
    --scenario findings          N findings in one file (products without owner)
"""

import argparse
import os
import sys

PRODUCTS_PER_FILE = 54
PRODUCTS_PER_DEPARTMENT = 250
ROLES_PER_DEPARTMENT = 4


class Lcg:
    """A tiny deterministic generator, the same on every platform and Python version."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (self.state * 1664525 + 1013904223) & 0xFFFFFFFF
        return self.state >> 8

    def below(self, n):
        return self.next() % n

    def chance(self, percent):
        return self.below(10000) < percent * 100


WORDS = [
    "paper", "laptop", "payroll", "badge", "report", "desk", "portal", "survey", "car",
    "coffee", "training", "onboarding", "invoice", "parking", "canteen", "printer",
    "helpdesk", "benefit", "uniform", "app",
]


def misspell(name, rng):
    """A near miss of `name`: one letter dropped (did-you-mean finds it)."""
    i = 1 + rng.below(max(1, len(name) - 2))
    return name[:i] + name[i + 1:]


def department_text(d, roles):
    out = [f'# Department {d}: its people and what they do.\n']
    out.append(f'department dept_{d} "Department {d}" {{ lead: head_{d} }}\n\n')
    for r in roles:
        out.append(f'role {r} "Staff {r}" {{ department: dept_{d} }}\n')
    out.append(f'role head_{d} "Head of department {d}" {{ department: dept_{d} }}\n\n')
    return "".join(out)


def roles_of(d):
    return [f"staff_{d}_{k}" for k in range(ROLES_PER_DEPARTMENT - 1)]


def product_text(i, departments, rng, misspell_pct):
    d = i % departments
    other = (d + 1 + rng.below(max(1, departments - 1))) % departments
    users = roles_of(d)
    brokers = roles_of(other)
    name = f"{WORDS[i % len(WORDS)]}_{i}"
    ref = lambda r: misspell(r, rng) if misspell_pct and rng.chance(misspell_pct) else r
    lines = []
    kind = rng.below(100)
    if rng.chance(20):
        lines.append(f"# {WORDS[(i * 7) % len(WORDS)].capitalize()} for the teams of department {d}.\n")
    lines.append(f'product {name} "The {WORDS[i % len(WORDS)]} service #{i} — für alle" {{\n')
    lines.append(f"  produced_by: {ref(f'dept_{d}')}\n")
    if kind != 1:  # ~1%: no owner (CC401)
        owner = "supplier" if kind == 2 else f"head_{d}"  # ~1%: external owner (CC402)
        lines.append(f"  owner: {ref(owner)}\n")
    if kind == 3:  # ~1%: internal product whose customers are brokers only (CC201)
        lines.append(f"  audience: internal\n  broker: {ref(brokers[0])}\n")
    elif kind == 4:  # ~1%: no end user (CC202)
        lines.append(f"  audience: external\n  fixer: {ref(brokers[1])}\n")
    elif kind == 5:  # ~1%: a department as end user (CC203)
        lines.append(f"  end_user: {ref(f'dept_{d}')}\n")
    else:
        n = 1 + rng.below(3)
        lines.append(f"  end_user: {', '.join(ref(u) for u in users[:n])}\n")
        if kind < 40:
            b = [brokers[0]]
            if kind == 6:  # ~1%: broker and end user at once (CC303)
                b.append(users[0])
            lines.append(f"  broker: {', '.join(ref(x) for x in b)}  # buys it for the others\n")
        if kind % 3 == 0:
            lines.append(f"  fixer: {ref(brokers[-1])}\n")
        if kind > 90:
            lines.append("  audience: mixed\n")
    tp = ["static", "human", "digital"][: 1 + rng.below(3)]
    lines.append(f"  touchpoints: {', '.join(tp)}; priority: {1 + rng.below(5)}\n")
    if kind == 7:
        lines.append("  status: retired\n")
    lines.append("}\n")
    rules = []
    if kind < 40 and kind not in (3, 4, 5):
        decider = brokers[0] if kind < 12 else users[0]
        if kind == 8:  # a used suppression
            rules.append("# cclint: allow broker-decides -- staff vote on it each spring\n")
        if kind == 9:  # an unused suppression (CC007)
            rules.append("# cclint: allow broker-only-channel -- kept from the old process\n")
        rules.append(f'rule choose_{name} "Who chooses {name}" {{\n')
        rules.append(f"  product: {ref(name)}\n  aspect: \"brand and model\"\n")
        rules.append(f"  decided_by: {ref(decider)}\n")
        if kind >= 12 or kind == 10:
            rules.append(f"  consulting: {ref(users[0])}\n")
        if kind == 11:  # a broker-only channel (CC302)
            rules.append(f"  channel: {ref(brokers[0])}\n")
        elif kind % 2 == 0:
            rules.append("  channel: direct\n")
        rules.append("}\n")
    return "".join(lines) + "\n" + ("".join(rules) + "\n" if rules else "")


def organisation_text(departments):
    covered = ", ".join(f"dept_{d}" for d in range(0, departments, 2))
    return (
        "# The organisation and its policies.\n"
        'organisation bench "Benchmark Holdings" { mission: "Serve every customer well" }\n\n'
        'role supplier "Outside supplier" { external: true }\n'
        'role visitor "Visitor" { external: true }\n\n'
        'policy satisfaction "Customer satisfaction policy" {\n'
        "  kind: satisfaction\n  owner: head_0\n"
        f"  scope: {covered}\n"
        '  proactive_measures: "Quarterly end-user survey", "Monthly walk-arounds"\n'
        '  reactive_measures: "Complaints answered within two days"\n'
        "  review: quarterly\n}\n\n"
        'policy complaints "Complaints handling" {\n'
        "  kind: satisfaction\n  owner: supplier\n  scope: dept_1\n"
        '  reactive_measures: "Complaints desk"\n}\n\n'
        'policy travel "Travel policy" { kind: travel; owner: head_0; review: yearly }\n\n'
        "# A department that produces nothing (CC204), and a core error or two.\n"
        'department idle "Idle department"\n'
        'role idle_worker "Idle worker" { department: idle; extrnal: true }\n'
        "rule legacy_rule { product: old_product; decided_by: head_0 }\n"
        "role broken_role { department dept_0 }\n"
    )


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def repository(out, products, one_file, misspell_pct):
    rng = Lcg(products * 7919 + misspell_pct)
    departments = max(4, products // PRODUCTS_PER_DEPARTMENT)
    chunks = [("organisation.ccl", organisation_text(departments))]
    for d in range(departments):
        chunks.append((f"departments/dept_{d:04}.ccl", department_text(d, roles_of(d))))
    for start in range(0, products, PRODUCTS_PER_FILE):
        body = "".join(
            product_text(i, departments, rng, misspell_pct)
            for i in range(start, min(products, start + PRODUCTS_PER_FILE))
        )
        chunks.append((f"products/p{start // PRODUCTS_PER_FILE:05}.ccl", body))
    if one_file:
        write(os.path.join(out, "all.ccl"), "".join(text for _, text in chunks))
    else:
        for path, text in chunks:
            write(os.path.join(out, path), text)


def scenario(out, name, n):
    header = 'organisation s "S"\ndepartment d "D"\nrole r "R" { department: d }\n'
    header += 'policy sat "S" { kind: satisfaction; owner: r; proactive_measures: "m"; review: yearly }\n'
    if name == "unknown-refs":
        body = "".join(
            f'product p{i} {{ produced_by: d; owner: r; end_user: missing_role_{i} }}\n'
            for i in range(n)
        )
    elif name == "unterminated":
        body = "".join(f'product p{i} {{ owner: "never closed\n' for i in range(n))
    elif name == "suppressions":
        body = "".join(
            f"# cclint: allow product-without-owner -- tracked in OPS-{i}\n"
            f"product p{i} {{ produced_by: d; end_user: r }}\n"
            for i in range(n)
        )
    elif name == "findings":
        body = "".join(f"product p{i} {{ produced_by: d; end_user: r }}\n" for i in range(n))
    else:
        sys.exit(f"unknown scenario {name}")
    write(os.path.join(out, f"{name}.ccl"), header + body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--one-file", action="store_true")
    parser.add_argument("--misspell", type=int, default=0, metavar="PCT")
    parser.add_argument("--scenario")
    args = parser.parse_args()
    if args.scenario:
        scenario(args.out, args.scenario, args.products)
    else:
        repository(args.out, args.products, args.one_file, args.misspell)


if __name__ == "__main__":
    main()
