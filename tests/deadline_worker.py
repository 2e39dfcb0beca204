"""MODEL of ayon-deadline's worker script, for tests.

Deadline runs ``GlobalJobPreLoad.py`` (ynput/ayon-deadline, read at
version 1.2.5: ``inject_ayon_environment``, ``_wait_for_in_progress``,
``_get_output_dir``, ``_extract_environments``) before a job's task. This
model does what that script does for an AYON render job, written from
reading it, with Deadline's API (``GetJobEnvironmentKeyValue``,
``SetProcessEnvironmentVariable``, ``RunProcess``) played by
:class:`Worker`:

1. The output name ``X``. With ``AYON_SITE_ID`` in the worker's own
   environment: ``<output dir>/.ayon_env_cache/env_<job id>_<h>``, ``h``
   the last 10 hex digits of sha256 of ``"<site id>|<user>"``, the output
   dir from the job's plug-in info (``OutputFilePath``, ``Output``,
   ``SceneFile``); then, while ``X.json.tmp`` exists, wait (another worker
   of the job extracts), removing it once older than the job's
   ``AYON_EXTRACT_ENVIRONMENT_TIMEOUT`` (30 s). Without it: a unique
   ``<utc time>_<uuid1>`` in the temp folder.
2. Only when ``X.json`` does not exist: create ``X.json.tmp`` EMPTY, run
   ``<ayon_console> --headless addon applications extractenvironments
   X.json.tmp --envgroup farm --project P --folder F --task T --app A``
   (P, F, T, A from the job's ``AYON_PROJECT_NAME``, ``AYON_FOLDER_PATH``,
   ``AYON_TASK_NAME``, ``AYON_APP_NAME``) with the worker's environment
   plus ONLY ``AYON_SERVER_URL``, ``AYON_API_KEY``,
   ``AYON_STUDIO_BUNDLE_NAME``, ``AYON_BUNDLE_NAME`` and, when the job has
   them, ``AYON_USE_STAGING``, ``AYON_IN_TESTS``; a non-zero exit code is
   an error. Then rename ``X.json.tmp`` to ``X.json`` unless ``X.json``
   exists, and remove a ``X.json.tmp`` left over, whatever happened.
3. Load ``X.json`` and set every key on the render process, over the
   job's own variables.

Not modelled: the Deadline plug-in configuration beyond the server URL
and API key (additional servers), the OpenPype branch, ``ScriptFilename``.
The poll interval of the wait (2 s in the script) is a parameter so tests
run fast. ``RunProcess`` takes one argument string; it is split back with
``shlex`` (the model refuses arguments that would not survive that).
"""
import datetime
import hashlib
import json
import os
import shlex
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

#: What the script passes to the extraction besides the worker's own env.
PASSED_VARIABLES = (
    "AYON_SERVER_URL", "AYON_API_KEY", "AYON_STUDIO_BUNDLE_NAME",
    "AYON_BUNDLE_NAME",
)
PASSED_IF_SET = ("AYON_USE_STAGING", "AYON_IN_TESTS")
EXTRACT_ENVIRONMENT_TIMEOUT = 30


@dataclass
class Job:
    """A Deadline job as the script sees it."""

    job_id: str
    env: Dict[str, str]
    plugin_info: Dict[str, str] = field(default_factory=dict)


@dataclass
class Extraction:
    """One run of ``extractenvironments`` by a worker, as observed."""

    args: List[str]
    env: Dict[str, str]
    returncode: int
    stdout: str
    stderr: str
    #: Size of ``X.json.tmp`` when the process started (the script made it).
    tmp_size_before: int
    #: Text of ``X.json.tmp`` when the process ended, before the rename.
    tmp_text_after: Optional[str]
    #: Whether ``X.json`` existed when the process ended.
    final_existed_after: bool


class Worker:
    """One Deadline worker running the pre-load script for a job.

    Args:
        console: The ``ayon_console`` command (a list, so a Python script
            stand-in can run as ``[python, script]``).
        machine_env: The worker process's own environment.
        server_url: ``AyonServerUrl`` of the Deadline AYON plug-in config.
        api_key: ``AyonApiKey`` of that config.
        user: The user the worker runs as (the cache file hash).
        poll_s: Wait between checks of another worker's ``X.json.tmp``.
    """

    def __init__(
        self,
        console: List[str],
        machine_env: Dict[str, str],
        server_url: str = "",
        api_key: str = "",
        user: str = "render",
        poll_s: float = 2.0,
    ) -> None:
        self.console = console
        self.machine_env = dict(machine_env)
        self.server_url = server_url
        self.api_key = api_key
        self.user = user
        self.poll_s = poll_s
        self.process_env: Dict[str, str] = {}
        self.extractions: List[Extraction] = []
        self.waited = False
        self.export_path: Optional[str] = None
        self.log: List[str] = []

    # --- Deadline's side ---------------------------------------------------

    def run_process(self, args_str: str, export_tmp: str) -> int:
        """``RunProcess``: the worker's env plus the process variables."""
        args = shlex.split(args_str)
        env = {**self.machine_env, **self.process_env}
        size_before = os.path.getsize(export_tmp)
        result = subprocess.run(
            [*self.console, *args], env=env, capture_output=True,
            text=True, timeout=300,
        )
        try:
            with open(export_tmp, encoding="utf-8") as stream:
                tmp_text: Optional[str] = stream.read()
        except OSError:
            tmp_text = None
        final = export_tmp[:-len(".tmp")]
        self.extractions.append(Extraction(
            args=args, env=env, returncode=result.returncode,
            stdout=result.stdout, stderr=result.stderr,
            tmp_size_before=size_before, tmp_text_after=tmp_text,
            final_existed_after=os.path.exists(final),
        ))
        return result.returncode

    # --- the script --------------------------------------------------------

    def inject(self, job: Job) -> Dict[str, str]:
        """Run the script's AYON branch; return the render process env.

        Raises:
            RuntimeError: Where the script raises.
        """
        bundle = job.env.get("AYON_BUNDLE_NAME", "")
        studio_bundle = job.env.get("AYON_STUDIO_BUNDLE_NAME") or bundle
        if not studio_bundle:
            raise RuntimeError("Missing AYON_STUDIO_BUNDLE_NAME")
        server_url = job.env.get("AYON_SERVER_URL") or self.server_url
        api_key = job.env.get("AYON_API_KEY") or self.api_key
        if not (server_url and api_key):
            raise RuntimeError("Missing server url and api key")
        site_id = self.machine_env.get("AYON_SITE_ID")
        if site_id:
            group = hashlib.sha256(
                f"{site_id}|{self.user}".encode()
            ).hexdigest()[-10:]
            cache_dir = os.path.join(output_dir(job), ".ayon_env_cache")
            os.makedirs(cache_dir, exist_ok=True)
            export_path = os.path.join(
                cache_dir, f"env_{job.job_id}_{group}.json"
            )
            self.wait_for_in_progress(job, export_path)
        else:
            stamp = datetime.datetime.now(datetime.timezone.utc).strftime(
                "%Y%m%d%H%M%S%f"
            )
            export_path = os.path.join(
                tempfile.gettempdir(), f"{stamp}_{uuid.uuid1()}.json"
            )
        self.export_path = export_path
        if not os.path.exists(export_path):
            tmp = f"{export_path}.tmp"
            with open(tmp, "w"):
                pass
            try:
                self.extract_environments(
                    job, server_url, api_key, studio_bundle, bundle, tmp
                )
                if not os.path.exists(export_path) and os.path.exists(tmp):
                    os.rename(tmp, export_path)
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
        with open(export_path, encoding="utf-8") as stream:
            contents = json.load(stream)
        for key, value in sorted(contents.items()):
            self.process_env[key] = value
        return {**self.machine_env, **job.env, **self.process_env}

    def wait_for_in_progress(self, job: Job, export_path: str) -> None:
        """Wait while another worker's ``X.json.tmp`` exists."""
        tmp = f"{export_path}.tmp"
        timeout = int(
            job.env.get("AYON_EXTRACT_ENVIRONMENT_TIMEOUT")
            or EXTRACT_ENVIRONMENT_TIMEOUT
        )
        while os.path.exists(tmp):
            # As in the script: a rename between these two calls fails it.
            age = time.time() - os.path.getmtime(tmp)
            if age > timeout:
                try:
                    os.remove(tmp)
                    break
                except OSError:
                    raise RuntimeError(
                        f"Failed to remove progress file '{tmp}'."
                    ) from None
            self.waited = True
            self.log.append("Extract environment process already triggered")
            time.sleep(self.poll_s)

    def extract_environments(
        self,
        job: Job,
        server_url: str,
        api_key: str,
        studio_bundle: str,
        bundle: str,
        export_tmp: str,
    ) -> None:
        """Run ``extractenvironments`` into ``export_tmp``."""
        context = {
            "envgroup": "farm",
            "project": job.env.get("AYON_PROJECT_NAME"),
            "folder": job.env.get("AYON_FOLDER_PATH"),
            "task": job.env.get("AYON_TASK_NAME"),
            "app": job.env.get("AYON_APP_NAME"),
        }
        if not all(context.values()):
            raise RuntimeError("Missing required env vars")
        args = [
            "--headless", "addon", "applications", "extractenvironments",
            export_tmp,
        ]
        for key, value in context.items():
            args.extend([f"--{key}", str(value)])
        variables = {
            "AYON_SERVER_URL": server_url,
            "AYON_API_KEY": api_key,
            "AYON_STUDIO_BUNDLE_NAME": studio_bundle,
            "AYON_BUNDLE_NAME": bundle,
        }
        for key in PASSED_IF_SET:
            if job.env.get(key):
                variables[key] = job.env[key]
        self.process_env.update(variables)
        args_str = subprocess.list2cmdline(args)
        if shlex.split(args_str) != args:
            raise ValueError(f"the model cannot pass {args!r}")
        code = self.run_process(args_str, export_tmp)
        if code != 0:
            raise RuntimeError(
                "AYON process to extract environments exited with error"
                f" code: {code}"
            )


def output_dir(job: Job) -> str:
    """The job's output folder, as the script finds it."""
    for key in ("OutputFilePath", "Output", "SceneFile"):
        value = job.plugin_info.get(key)
        if not value:
            continue
        if os.path.isdir(value):
            return value
        if os.path.isfile(value) or os.path.splitext(value)[1]:
            return os.path.dirname(value)
    raise RuntimeError("Unable to find the output folder of the job")


class WorkerThread(threading.Thread):
    """A worker injecting a job in a thread; keeps its env or error."""

    def __init__(self, worker: Worker, job: Job) -> None:
        super().__init__(daemon=True)
        self.worker = worker
        self.job = job
        self.env: Optional[Dict[str, str]] = None
        self.error: Optional[BaseException] = None

    def run(self) -> None:
        try:
            self.env = self.worker.inject(self.job)
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            self.error = exc

    def result(self, timeout: float = 300) -> Dict[str, Any]:
        self.join(timeout)
        assert not self.is_alive(), "the worker did not finish"
        if self.error is not None:
            raise self.error
        assert self.env is not None
        return self.env
