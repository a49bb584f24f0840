#!/usr/bin/env python3
"""Check the wire-contract schemas and their examples.

Usage: deploy/check-schemas.py [--schemas DIR] [--regions hunan-regions.json] [-q]

- every schemas/*.schema.json is a valid draft 2020-12 schema (check_schema), its $id is
  https://vt.example/schemas/<file name>, and a message schema's `type` const is its name;
- every schemas/examples/<type>/valid/*.json passes <type>.schema.json and envelope.schema.json;
- every schemas/examples/<type>/invalid/*.json has an entry in that folder's expectations.json
  ({"field": "payload.licenseNumber", "code": "uscc.chars", "schemaValid": false,
  "envelopeValid": ...}); it fails <type>.schema.json with an error at `field` of a kind that
  fits `code`, unless schemaValid is true (a semantic-only failure the workers catch, such as
  uscc.checksum or region.unknown), in which case it must pass; envelopeValid (default: the
  field is inside the payload, or schemaValid) says whether envelope.schema.json accepts it;
- pure semantic sanity: licence numbers of valid examples have a correct GB 32100 check
  character and uscc.checksum examples a wrong one; a valid example's regionCode is governed
  by its departmentId; with --regions, codes are checked against the region table too.

References between schemas are resolved offline only: with the `referencing` Registry where
python-jsonschema has it (4.18+), else with a RefResolver over a local store whose remote
handlers refuse to fetch.

Prints one line per schema and example file, then `N passed, M failed`; exits 1 on failure.
"""

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import jsonschema
from jsonschema import Draft202012Validator

ID_BASE = "https://vt.example/schemas/"
ENVELOPE = "envelope.schema.json"
COMMON = "common.schema.json"

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Which jsonschema keywords may stand behind an expectation code.
CODE_KINDS = {
    "field.required": {"required"},
    "score.missing": {"required"},
    "field.type": {"type"},
    "field.enum": {"enum", "const"},
}
ANY_BUT_REQUIRED = {
    "field.format", "phone.format", "uscc.length", "uscc.chars", "uscc.checksum",
    "region.unknown",
    "region.not_governed",
    "id.length", "id.checksum", "id.duplicate", "score.format", "score.range",
    # The import's row codes, as student.added and student.removed report them.
    "name.invalid", "gender.invalid", "gender.mismatch", "id.chars", "id.region",
    "id.birthdate", "type.unknown",
    # A partial subsidy decision naming a student twice.
    "student.duplicate",
}


def jsonschema_version():
    try:
        from importlib.metadata import version
        return version("jsonschema")
    except Exception:  # pragma: no cover
        return getattr(jsonschema, "__version__", "unknown")


def format_checker():
    checker = getattr(Draft202012Validator, "FORMAT_CHECKER", None)
    if checker is None:
        checker = jsonschema.draft202012_format_checker
    return checker


class SchemaSet:
    """All schemas of a folder, and validators that resolve $ref among them offline."""

    def __init__(self, folder):
        self.folder = folder
        self.schemas = {}  # file name -> schema
        for path in sorted(folder.glob("*.schema.json")):
            self.schemas[path.name] = json.loads(path.read_text(encoding="utf-8"))
        self.store = {s.get("$id", ID_BASE + n): s for n, s in self.schemas.items()}
        self.checker = format_checker()
        self.registry = None
        try:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012
        except ImportError:
            self.mode = "RefResolver (no referencing package)"
        else:
            resources = [
                (uri, Resource.from_contents(s, default_specification=DRAFT202012))
                for uri, s in self.store.items()
            ]
            self.registry = Registry().with_resources(resources)
            self.mode = "referencing Registry"

    def unresolved_refs(self, name):
        """Every $ref of the schema that cannot be resolved from the local store."""
        schema = self.schemas[name]
        base = schema.get("$id", ID_BASE + name)
        refs, stack = [], [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str):
                    refs.append(node["$ref"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        bad = []
        for ref in refs:
            uri, _, fragment = urljoin(base, ref).partition("#")
            target = self.store.get(uri)
            try:
                for token in [t for t in fragment.split("/") if t]:
                    token = unquote(token).replace("~1", "/").replace("~0", "~")
                    target = target[int(token) if isinstance(target, list) else token]
            except (KeyError, IndexError, TypeError, ValueError):
                target = None
            if target is None:
                bad.append(ref)
        return bad

    def validator(self, name):
        schema = self.schemas[name]
        if self.registry is not None:
            return Draft202012Validator(
                schema, registry=self.registry, format_checker=self.checker)

        def refuse(uri):
            raise jsonschema.RefResolutionError(f"not in the local store (offline): {uri}")

        resolver = jsonschema.RefResolver(
            base_uri=schema.get("$id", ID_BASE + name), referrer=schema,
            store=dict(self.store), handlers={"http": refuse, "https": refuse})
        return Draft202012Validator(schema, resolver=resolver, format_checker=self.checker)


def dotted(path):
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def error_sites(errors):
    """(field, keyword) for every error and sub-error; a `required` error names the
    missing property as its field."""
    sites = []
    stack = list(errors)
    while stack:
        err = stack.pop()
        base = dotted(err.absolute_path)
        if err.validator == "required" and isinstance(err.instance, dict):
            for prop in err.validator_value:
                if prop not in err.instance:
                    sites.append(((base + "." if base else "") + prop, "required"))
        else:
            sites.append((base, err.validator))
        stack.extend(err.context or [])
    return sites


def uscc_check_char(body17):
    total = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_ok(code):
    return (isinstance(code, str) and len(code) == 18
            and all(c in USCC_CHARS for c in code)
            and uscc_check_char(code[:17]) == code[17])


def governs(department, region):
    prefix = department
    while prefix.endswith("00") and len(prefix) > 2:
        prefix = prefix[:-2]
    return region.startswith(prefix)


def load_regions(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counties, departments = set(), {data["province"]["code"]}
    for pref in data["prefectures"]:
        departments.add(pref["code"])
        for county in pref.get("counties", []):
            counties.add(county["code"])
    return counties, departments | counties


def semantic_problems(doc, valid, expectation, regions):
    """Problems of the example's own data that the schema cannot see."""
    problems = []
    payload = doc.get("payload") if isinstance(doc, dict) else None
    if not isinstance(payload, dict):
        return problems
    lic = payload.get("licenseNumber")
    if valid and lic is not None and not uscc_ok(lic):
        problems.append(f"licenseNumber {lic} has a wrong check character "
                        f"(expected {uscc_check_char(lic[:17])})")
    if expectation and expectation.get("code") == "uscc.checksum":
        if uscc_ok(lic) or not (isinstance(lic, str) and len(lic) == 18
                                and all(c in USCC_CHARS for c in lic)):
            problems.append("uscc.checksum example must be well-formed with a wrong check character")
    dep, reg = payload.get("departmentId"), payload.get("regionCode")
    if valid and isinstance(dep, str) and isinstance(reg, str) and not governs(dep, reg):
        problems.append(f"regionCode {reg} is not governed by department {dep}")
    if regions is not None:
        counties, departments = regions
        if valid:
            if isinstance(reg, str) and reg not in counties:
                problems.append(f"regionCode {reg} is not a known Hunan county-level code")
            if isinstance(dep, str) and dep not in departments:
                problems.append(f"departmentId {dep} is not a known Hunan region code")
        elif expectation and expectation.get("code") == "region.unknown" \
                and expectation.get("schemaValid"):
            field = expectation.get("field", "").split(".")[-1]
            value = payload.get(field)
            known = counties if field == "regionCode" else departments
            if value in known:
                problems.append(f"{field} {value} is known; region.unknown expects an unknown code")
    return problems


class Report:
    def __init__(self, quiet):
        self.passed = self.failed = 0
        self.quiet = quiet

    def ok(self, label, detail=""):
        self.passed += 1
        if not self.quiet:
            print(f"ok   {label}{': ' + detail if detail else ''}")

    def fail(self, label, detail):
        self.failed += 1
        print(f"FAIL {label}: {detail}")


def check_schemas(schemas, report, root):
    for name, schema in schemas.schemas.items():
        label = str((schemas.folder / name).relative_to(root))
        problems = []
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            problems.append(f"not a valid schema: {exc.message}")
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            problems.append("$schema is not draft 2020-12")
        if schema.get("$id") != ID_BASE + name:
            problems.append(f"$id is {schema.get('$id')!r}, expected {ID_BASE + name!r}")
        if name not in (ENVELOPE, COMMON):
            const = schema.get("properties", {}).get("type", {}).get("const")
            if not const or const + ".schema.json" != name:
                problems.append(f"type const {const!r} does not match the file name")
        problems += [f"$ref {ref!r} does not resolve in the local store"
                     for ref in schemas.unresolved_refs(name)]
        if problems:
            report.fail(label, "; ".join(problems))
        else:
            report.ok(label, "schema valid")


def check_examples(schemas, report, root, regions):
    examples = schemas.folder / "examples"
    envelope = schemas.validator(ENVELOPE)
    type_dirs = sorted(p for p in examples.iterdir() if p.is_dir()) if examples.is_dir() else []
    if not type_dirs:
        report.fail(str(examples.relative_to(root)), "no example folders")
    for type_dir in type_dirs:
        msg_type = type_dir.name
        schema_name = msg_type + ".schema.json"
        if schema_name not in schemas.schemas:
            report.fail(str(type_dir.relative_to(root)), f"no schema {schema_name}")
            continue
        validator = schemas.validator(schema_name)
        expectations_path = type_dir / "invalid" / "expectations.json"
        expectations = {}
        if expectations_path.exists():
            expectations = json.loads(expectations_path.read_text(encoding="utf-8"))
        valid_files = sorted((type_dir / "valid").glob("*.json"))
        invalid_files = sorted(p for p in (type_dir / "invalid").glob("*.json")
                               if p.name != "expectations.json")
        if len(valid_files) < 3 or len(invalid_files) < 6:
            report.fail(str(type_dir.relative_to(root)),
                        f"{len(valid_files)} valid and {len(invalid_files)} invalid examples; "
                        "need at least 3 and 6")
        stale = set(expectations) - {p.name for p in invalid_files}
        if stale:
            report.fail(str(expectations_path.relative_to(root)),
                        f"entries without a file: {sorted(stale)}")

        for path in valid_files:
            label = str(path.relative_to(root))
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                report.fail(label, f"not JSON: {exc}")
                continue
            try:
                problems = [f"{dotted(e.absolute_path) or '(root)'}: {e.message}"
                            for e in validator.iter_errors(doc)]
                problems += [f"envelope: {dotted(e.absolute_path) or '(root)'}: {e.message}"
                             for e in envelope.iter_errors(doc)]
            except Exception as exc:  # noqa: BLE001 - an unresolvable $ref: report it
                report.fail(label, f"validation broke: {type(exc).__name__}: {exc}")
                continue
            if isinstance(doc, dict) and doc.get("type") != msg_type:
                problems.append(f"type is {doc.get('type')!r}, folder is {msg_type}")
            problems += semantic_problems(doc, True, None, regions)
            if problems:
                report.fail(label, "; ".join(problems))
            else:
                report.ok(label, "valid as expected")

        for path in invalid_files:
            label = str(path.relative_to(root))
            exp = expectations.get(path.name)
            if not isinstance(exp, dict) or "field" not in exp or "code" not in exp:
                report.fail(label, "no {field, code} entry in expectations.json")
                continue
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                report.fail(label, f"not JSON: {exc}")
                continue
            field, code = exp["field"], exp["code"]
            schema_valid = bool(exp.get("schemaValid", False))
            envelope_valid = exp.get("envelopeValid",
                                     schema_valid or field.startswith("payload."))
            problems = []
            if code not in CODE_KINDS and code not in ANY_BUT_REQUIRED:
                problems.append(f"unknown code {code!r}")
            if code == "uscc.checksum" and not schema_valid:
                problems.append("uscc.checksum cases are schema-valid; mark schemaValid true")
            try:
                errors = list(validator.iter_errors(doc))
                env_ok = envelope.is_valid(doc)
            except Exception as exc:  # noqa: BLE001 - an unresolvable $ref: report it
                report.fail(label, f"validation broke: {type(exc).__name__}: {exc}")
                continue
            if schema_valid:
                if errors:
                    problems.append("schemaValid is true but the schema refuses it: "
                                    + "; ".join(e.message for e in errors))
            elif not errors:
                problems.append("the schema accepts it")
            else:
                kinds = CODE_KINDS.get(code)
                sites = error_sites(errors)
                hits = [k for f, k in sites if f == field
                        and (k in kinds if kinds else k != "required")]
                if not hits:
                    seen = ", ".join(sorted({f"{f or '(root)'}/{k}" for f, k in sites}))
                    problems.append(f"no error at {field} fitting {code}; errors: {seen}")
            if env_ok != bool(envelope_valid):
                problems.append(f"envelope schema {'accepts' if env_ok else 'refuses'} it, "
                                f"expected {'accept' if envelope_valid else 'refuse'}")
            problems += semantic_problems(doc, False, exp, regions)
            if problems:
                report.fail(label, "; ".join(problems))
            else:
                how = "schema-valid, semantic" if schema_valid else "refused"
                report.ok(label, f"{how} {field} {code}")


def main(argv=None):
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schemas", type=Path, default=here.parent / "schemas",
                        help="schemas folder (default: ../schemas beside deploy/)")
    parser.add_argument("--regions", type=Path,
                        help="hunan-regions.json, to check region codes of the examples")
    parser.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    args = parser.parse_args(argv)

    folder = args.schemas.resolve()
    root = folder.parent
    schemas = SchemaSet(folder)
    regions = load_regions(args.regions) if args.regions else None
    print(f"# python-jsonschema {jsonschema_version()}, {schemas.mode}, "
          f"formats checked: {', '.join(f for f in ('date', 'date-time', 'uri') if f in schemas.checker.checkers)}")
    report = Report(args.quiet)
    for required in (ENVELOPE, COMMON):
        if required not in schemas.schemas:
            report.fail(str(folder / required), "missing")
    check_schemas(schemas, report, root)
    check_examples(schemas, report, root, regions)
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
