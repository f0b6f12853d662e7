"""Company profiles and assessment answers, stored as YAML next to the client's data."""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import getpass
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from ..atomic import write_atomic
from ..checklists import ANSWERS, Checklist, load_checklist
from ..i18n import translated
from ..io import DatabaseSource, discover

#: remediation action statuses the consultant sets (saved under ``remediation:``)
ACTION_STATUSES = ("open", "in_progress", "done")

FORMAT = "workbench-assessment/1"
#: set to 1 to scan dataset files outside the company folder (what ``--allow-outside`` does)
ALLOW_OUTSIDE_ENV = "WORKBENCH_ALLOW_OUTSIDE"


class AssessmentError(Exception):
    def __init__(self, path, problem: str):
        self.path, self.problem = Path(path), problem
        super().__init__(f"{self.path}: {problem}")


#: the largest company.yaml / assessment.yaml read, in KiB ($WORKBENCH_MAX_YAML_KB raises it)
MAX_YAML_KB = 4096
#: the most YAML nodes a file may stand for once its aliases are expanded ($WORKBENCH_MAX_YAML_NODES)
MAX_YAML_NODES = 1_000_000


def _limit(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def read_yaml(path: Path | str, raw: bytes | None = None):
    """The data of a small YAML file the consultant edits (company.yaml, assessment.yaml).

    Safe by construction: only plain YAML types (no python tags); the file size is limited,
    and so is what its aliases stand for, counted on the composed node graph *before*
    anything is built — a "billion laughs" file is refused in milliseconds instead of
    growing a process to gigabytes. UTF-8 first; GBK / GB18030 (the default of Chinese
    Windows editors) is read too, since refusing it only sends the consultant hunting.

    :param raw: the file's bytes when already read (the caller hashes exactly what is parsed)
    :raises AssessmentError: naming the file and the problem (size, encoding, YAML, aliases)
    """
    path = Path(path)
    max_kb = _limit("WORKBENCH_MAX_YAML_KB", MAX_YAML_KB)
    try:
        if raw is not None:
            if len(raw) > max_kb * 1024:
                raise AssessmentError(path, f"file larger than {max_kb} KiB (raise $WORKBENCH_MAX_YAML_KB)")
        elif not path.is_file():
            raise AssessmentError(path, "not a regular file / 不是普通文件")
        elif path.stat().st_size > max_kb * 1024:
            raise AssessmentError(
                path, f"file larger than {max_kb} KiB (raise $WORKBENCH_MAX_YAML_KB) / 文件超过 {max_kb} KiB"
            )
        else:
            raw = path.read_bytes()
    except OSError as exc:
        raise AssessmentError(path, f"cannot read the file ({exc.strerror or exc})") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AssessmentError(path, "not UTF-8 or GBK text: save it as UTF-8 / 文件编码无法识别，请保存为 UTF-8")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        nodes = _expanded_size(node, _limit("WORKBENCH_MAX_YAML_NODES", MAX_YAML_NODES))
        if nodes is None:
            raise AssessmentError(
                path,
                "YAML aliases expand past the limit (an alias bomb?) or refer to "
                "themselves; write the values out / YAML 别名展开过大或循环引用",
            )
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise AssessmentError(path, f"corrupt file (invalid YAML: {exc})") from None
    except RecursionError:
        raise AssessmentError(path, "YAML nested too deeply / YAML 嵌套过深") from None
    finally:
        loader.dispose()


def _expanded_size(root, limit: int) -> int | None:
    """How many nodes ``root`` stands for with every alias expanded; None past ``limit`` or on a cycle.

    Aliases share node objects, so sizes are memoised by identity: the count costs one
    visit per distinct node, however large the expansion it describes.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[object, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes and not done:
            continue
        children = (
            [c for pair in node.value for c in pair]
            if isinstance(node, yaml.MappingNode)
            else node.value
            if isinstance(node, yaml.SequenceNode)
            else []
        )
        if not done:
            if key in open_nodes:
                return None  # a node that contains itself
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        open_nodes.discard(key)
        sizes[key] = 1 + sum(sizes[id(c)] for c in children)
        if sizes[key] > limit:
            return None
    return sizes[id(root)]


class AssessmentConflict(AssessmentError):
    """The file changed on disk since it was loaded: who saved it last, and when."""

    def __init__(self, path, changed_by: str | None, changed_at: str):
        self.changed_by, self.changed_at = changed_by, changed_at
        super().__init__(
            path,
            "the file was changed by someone else since it was opened"
            f" ({changed_by or 'unknown'}, {changed_at}); "
            "reload it and apply your changes again (nothing was overwritten)",
        )


@dataclass
class Company:
    """A client company folder: ``company.yaml``, datasets, ``assessment.yaml``.

    ``datasets`` lists folders / files (relative to the company folder) and databases:
    ``{url: "postgresql://user@host/crm", schemas: [...], tables: [...], exclude_tables: [...]}``
    (patterns optional; a relative ``sqlite:///`` path is relative to the company folder).
    """

    folder: Path
    name: str
    scenario: str
    consultant: str = ""
    name_en: str = ""
    datasets: list[str | dict] = field(default_factory=lambda: ["data"])
    notes: str = ""
    consultant_en: str = ""  # the consultant's romanised name, for English reports
    reviewer: str = ""
    data_subjects: list[str] = field(default_factory=list)  # categories, e.g. 客户、员工
    #: the same client-written text in English, for English reports (``document`` may carry
    #: ``distribution_en`` likewise); without it the English report shows the text as written
    notes_en: str = ""
    reviewer_en: str = ""
    data_subjects_en: list[str] = field(default_factory=list)
    #: report document control: version, status (draft/final), distribution, date
    document: dict = field(default_factory=dict)
    #: scan dataset files outside the company folder (``../..``, absolute paths, symlinks
    #: leading out); never read from company.yaml: only the consultant running the tool decides
    allow_outside: bool = field(default=False, repr=False)

    def text(self, name: str, lang: str = "zh"):
        """A client-written field (``notes``, ``reviewer``, ``data_subjects``) in the report's
        language: its ``<name>_en`` counterpart in English when the profile gives one."""
        return translated(getattr(self, name), getattr(self, f"{name}_en", None), lang)

    @classmethod
    def load(cls, folder: Path | str, allow_outside: bool | None = None) -> "Company":
        """Read ``folder/company.yaml``.

        :param allow_outside: scan dataset files outside the company folder too (default:
            ``$WORKBENCH_ALLOW_OUTSIDE`` = 1, which ``--allow-outside`` sets); otherwise they are
            refused and listed by ``refused_paths``
        """
        folder = Path(folder)
        if allow_outside is None:
            allow_outside = os.environ.get(ALLOW_OUTSIDE_ENV, "") not in ("", "0")
        profile = folder / "company.yaml"
        if not profile.is_file():
            raise AssessmentError(folder, "not a company folder: company.yaml is missing")
        data = read_yaml(profile) or {}
        if not isinstance(data, dict) or not data.get("name") or not data.get("scenario"):
            raise AssessmentError(profile, "company.yaml needs at least 'name' and 'scenario'")
        known = {
            k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k not in ("folder", "allow_outside")
        }
        company = cls(folder=folder, **_checked_profile(profile, known), allow_outside=allow_outside)
        try:
            company.databases()
        except (KeyError, TypeError, ValueError) as exc:
            raise AssessmentError(
                profile,
                f"datasets: a database entry needs a 'url' and optional schema / "
                f"table patterns ({exc}) / 数据库条目需要 url",
            ) from None
        return company

    @property
    def checklist(self) -> Checklist:
        return load_checklist(self.scenario)

    @property
    def assessment_path(self) -> Path:
        return self.folder / "assessment.yaml"

    def dataset_files(self) -> list[Path]:
        """The supported files of the file datasets (databases are in ``databases``), without
        those outside the company folder unless ``allow_outside`` (see ``refused_paths``)."""
        return self._split_dataset_files()[0]

    def refused_paths(self) -> list[Path]:
        """Dataset entries and files refused because they lie outside the company folder
        (``../..``, an absolute path, a symlink leading out) — empty with ``allow_outside``."""
        return self._split_dataset_files()[1]

    def _split_dataset_files(self) -> tuple[list[Path], list[Path]]:
        # a client folder copied from elsewhere may point anywhere (/etc, a colleague's home):
        # nothing outside it reaches the client's report unless the consultant says so
        root = self.folder.resolve()

        def inside(path: Path) -> bool:
            return self.allow_outside or path.resolve().is_relative_to(root)

        entries = [self.folder / d for d in self.datasets if not isinstance(d, dict)]
        refused = [e for e in entries if not inside(e)]
        files = discover([e for e in entries if inside(e)])
        refused += [f for f in files if not inside(f)]
        return [f for f in files if inside(f)], refused

    def databases(self) -> list[DatabaseSource]:
        """The database datasets; relative SQLite paths resolved against the company folder."""
        sources = []
        for entry in self.datasets:
            if isinstance(entry, dict):
                source = DatabaseSource.from_dict(entry)
                prefix, _, path = source.url.partition(":///")
                if prefix.lower().startswith("sqlite") and path and not Path(path).is_absolute():
                    source = DatabaseSource(
                        f"{prefix}:///{(self.folder / path).resolve()}",
                        *[getattr(source, f) for f in ("schemas", "exclude_schemas", "tables", "exclude_tables")],
                    )
                sources.append(source)
        return sources

    def dataset_sources(self) -> list[Path | DatabaseSource]:
        """Everything to scan: the dataset files, then the databases."""
        return [*self.dataset_files(), *self.databases()]

    def assessment_date(self, fallback: datetime.date | str | None = None) -> datetime.date:
        """The date remediation deadlines count from: ``document.date``, else ``fallback`` (the
        report's date; today when not given), so the workbench and the report show the same due dates."""
        value = self.document.get("date") or fallback or datetime.date.today()
        return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))

    def assessment(self) -> "Assessment":
        if self.assessment_path.exists():
            return Assessment.load(self.assessment_path)
        return Assessment(scenario=self.scenario)


_TEXT_FIELDS = (
    "name",
    "scenario",
    "consultant",
    "name_en",
    "notes",
    "consultant_en",
    "reviewer",
    "notes_en",
    "reviewer_en",
)


def _checked_profile(profile: Path, data: dict) -> dict:
    """company.yaml's fields with the types the workbench relies on, or an error naming the field.

    A number where text is expected (``name: 12345``) is taken as text; a list or a mapping
    there is a mistake the consultant must see, not a crash three steps later.
    """
    data = dict(data)
    for key in _TEXT_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if value is None:
            value = ""
        if isinstance(value, (list, dict)):
            raise AssessmentError(profile, f"'{key}' must be text, not a {_kind(value)} / '{key}' 应为文本")
        data[key] = str(value) if not isinstance(value, datetime.date) else value.isoformat()
    if "datasets" in data:
        datasets = data["datasets"]
        if isinstance(datasets, (str, dict)):  # one folder or one database written without a list
            datasets = [datasets]
        if not isinstance(datasets, list) or not all(isinstance(d, (str, dict)) for d in datasets):
            raise AssessmentError(
                profile,
                "'datasets' must be a list of folders / files (text) or database "
                "entries ({url: ...}) / 'datasets' 应为文件夹或数据库条目的列表",
            )
        data["datasets"] = datasets
    for key in ("data_subjects", "data_subjects_en"):
        if key not in data:
            continue
        subjects = data[key] or []
        if isinstance(subjects, str):
            subjects = [subjects]
        if not isinstance(subjects, list) or any(isinstance(s, (list, dict)) for s in subjects):
            raise AssessmentError(profile, f"'{key}' must be a list of categories (e.g. 客户, 员工)")
        data[key] = [str(s) for s in subjects]
    if "document" in data and not isinstance(data["document"] or {}, dict):
        raise AssessmentError(
            profile, f"'document' must be a mapping (version, status, date…), not a {_kind(data['document'])}"
        )
    data["document"] = data.get("document") or {}
    return data


def _kind(value) -> str:
    names: dict[type, str] = {list: "list", dict: "mapping", str: "text"}
    return names.get(type(value), type(value).__name__)


@dataclass
class Answer:
    answer: str
    note: str = ""
    evidence: list[str] = field(default_factory=list)


@dataclass
class AuditEntry:
    at: str
    who: str
    control: str
    old: str | None
    new: str | None
    #: what changed: the answer, or the note / evidence text beside it
    field: str = "answer"


def current_user() -> str:
    return os.environ.get("WORKBENCH_USER") or getpass.getuser()


@dataclass
class Assessment:
    """The consultant's answers for one company, keyed by control id.

    ``save`` refuses to overwrite a file that changed on disk since it was loaded (a
    colleague, another notebook): concurrent edits are detected, never silently merged.
    """

    scenario: str
    answers: dict[str, Answer] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    #: remediation action id (``workbench.risk.Action.id``) -> "open" / "in_progress" / "done"
    remediation: dict[str, str] = field(default_factory=dict)
    #: SHA-256 of the file as loaded or last saved (None: not from a file)
    disk_digest: str | None = field(default=None, compare=False, repr=False)

    def set(
        self,
        control_id: str,
        answer: str | None,
        note: str | None = None,
        evidence: list[str] | None = None,
        who: str | None = None,
    ) -> None:
        """Record an answer (None clears it) and an audit entry for the change."""
        if answer is not None and answer not in ANSWERS:
            raise ValueError(f"answer must be one of {', '.join(ANSWERS)}, not {answer!r}")
        if note is not None and not isinstance(note, str):
            raise TypeError(f"note must be text, not {type(note).__name__}")
        if evidence is not None and (
            isinstance(evidence, (str, bytes, dict)) or not all(isinstance(e, str) for e in evidence)
        ):
            # a bare string would be saved as one piece of evidence per character
            raise TypeError(f"evidence must be a list of texts (e.g. ['会议纪要']), not {evidence!r:.60}")
        old = self.answers.get(control_id)
        new = None
        if answer is None:
            self.answers.pop(control_id, None)
        else:
            new = Answer(
                answer,
                note if note is not None else (old.note if old else ""),
                list(evidence) if evidence is not None else (list(old.evidence) if old else []),
            )
            self.answers[control_id] = new
        at, who = datetime.datetime.now().isoformat(timespec="seconds"), who or current_user()
        if (old.answer if old else None) != answer:
            self.audit.append(AuditEntry(at, who, control_id, old.answer if old else None, answer))
        # a note or an evidence list is part of the record a reviewer audits, like the answer
        for name, before, after in (
            ("note", old.note if old else "", new.note if new else ""),
            ("evidence", ", ".join(old.evidence) if old else "", ", ".join(new.evidence) if new else ""),
        ):
            if before != after:
                self.audit.append(AuditEntry(at, who, control_id, before or None, after or None, name))

    def set_action_status(self, action_id: str, status: str, who: str | None = None) -> None:
        """Record a remediation action's status and an audit entry (``control`` = ``action:<id>``)."""
        if status not in ACTION_STATUSES:
            raise ValueError(f"status must be one of {', '.join(ACTION_STATUSES)}, not {status!r}")
        old = self.remediation.get(action_id, "open")
        self.remediation[action_id] = status
        if old != status:
            self.audit.append(
                AuditEntry(
                    datetime.datetime.now().isoformat(timespec="seconds"),
                    who or current_user(),
                    f"action:{action_id}",
                    old,
                    status,
                )
            )

    def check_against(self, checklist: Checklist, path: Path | str = "assessment") -> None:
        if self.scenario != checklist.scenario:
            raise AssessmentError(
                path, f"answers are for scenario '{self.scenario}', the company's checklist is '{checklist.scenario}'"
            )
        unknown = sorted(set(self.answers) - set(checklist.control_ids))
        if unknown:
            raise AssessmentError(path, f"answers for controls not in the checklist: {', '.join(unknown[:5])}")

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "scenario": self.scenario,
            "answers": {k: asdict(v) for k, v in sorted(self.answers.items())},
            **({"remediation": dict(sorted(self.remediation.items()))} if self.remediation else {}),
            "audit": [_audit_dict(a) for a in self.audit],
        }

    @classmethod
    def load(cls, path: Path | str) -> "Assessment":
        path = Path(path)
        clean_stale_temporaries(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise AssessmentError(path, f"cannot read the file ({exc})") from None
        data = read_yaml(path, raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise AssessmentError(path, f"not a workbench assessment file (expected format '{FORMAT}')")
        for key, kind in (("answers", dict), ("audit", list), ("remediation", dict)):
            if data.get(key) is not None and not isinstance(data[key], kind):
                raise AssessmentError(
                    path, f"'{key}' must be a {_kind(kind())}, not a {_kind(data[key])} / '{key}' 格式错误"
                )
        if any(not isinstance(v, dict) for v in (data.get("answers") or {}).values()):
            raise AssessmentError(path, "each answer must be a mapping {answer, note, evidence} / 答案格式错误")
        try:
            answers = {k: Answer(**v) for k, v in (data.get("answers") or {}).items()}
            audit = [AuditEntry(**a) for a in data.get("audit") or []]
            remediation = {str(k): str(v) for k, v in (data.get("remediation") or {}).items()}
        except (TypeError, AttributeError) as exc:
            raise AssessmentError(path, f"corrupt assessment file ({exc})") from None
        for action, status in remediation.items():
            if status not in ACTION_STATUSES:
                raise AssessmentError(
                    path, f"remediation action {action}: unknown status '{status}' (use {', '.join(ACTION_STATUSES)})"
                )
        for control, a in answers.items():
            if a.answer not in ANSWERS:
                raise AssessmentError(path, f"control {control}: unknown answer '{a.answer}'")
        return cls(data["scenario"], answers, audit, remediation, disk_digest=_digest(raw))

    def save(self, path: Path | str, force: bool = False) -> None:
        """Write atomically: a temporary file in the same folder, then rename over the old one.

        The "changed on disk?" check and the rename happen under one advisory lock
        (``flock`` on ``.<name>.lock`` beside the file), so a save reported as done is
        never overwritten by a colleague's save that checked the file at the same moment.
        The file keeps its mode (and owner, where allowed): a shared folder stays shared.

        :raises AssessmentError: when the file changed on disk since it was loaded or last
            saved here (``force=True`` overwrites anyway)
        """
        path = Path(path)
        text = yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)
        with file_lock(path):
            try:
                previous = os.stat(path)
            except FileNotFoundError:
                previous = None
            if not force and previous is not None:
                on_disk = path.read_bytes()
                if _digest(on_disk) != self.disk_digest:
                    raise AssessmentConflict(
                        path,
                        _last_editor(on_disk),
                        datetime.datetime.fromtimestamp(previous.st_mtime).isoformat(sep=" ", timespec="seconds"),
                    )
            write_atomic(path, text, previous)
        self.disk_digest = _digest(text.encode("utf-8"))


def _last_editor(raw: bytes) -> str | None:
    """Who made the last audited change in a file's bytes (None when it cannot tell)."""
    try:
        audit = yaml.safe_load(raw.decode("utf-8")).get("audit") or []
        return str(audit[-1]["who"])
    except Exception:  # a foreign or broken file: the conflict still stands
        return None


def _audit_dict(entry: AuditEntry) -> dict:
    data = asdict(entry)
    if entry.field == "answer":  # the usual case: files stay as they were before notes were audited
        del data["field"]
    return data


@contextlib.contextmanager
def file_lock(path: Path):
    """An exclusive advisory lock for ``path``, held on a sidecar file that is never replaced.

    (Locking the file itself would not do: each save renames a new file over it.)
    """
    lock_path = path.with_name(f".{path.name}.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def clean_stale_temporaries(path: Path) -> list[Path]:
    """Remove ``.<name>.*.tmp`` files that a killed save left behind.

    Every save holds the lock while its temporary exists, so under the lock any
    temporary found belongs to a save that died. Returns what was removed.
    """
    pattern = f".{path.name}.*.tmp"
    if not path.parent.is_dir() or not any(path.parent.glob(pattern)):
        return []
    removed = []
    with file_lock(path):
        for tmp in path.parent.glob(pattern):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                removed.append(tmp)
    return removed


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
