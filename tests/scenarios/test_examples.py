"""The worked setups in examples/ do what their comments say."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT, run_process
from tests.sim_server import served, token_client


def test_the_test_environment_example_applies_into_its_namespace(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    folder = tmp_path / "examples" / "test-environment"
    folder.mkdir(parents=True)
    with served("--memory") as (url, _):
        config = (ROOT / "examples" / "test-environment" / "statesync.yaml").read_text()
        (folder / "statesync.yaml").write_text(config.replace("http://127.0.0.1:8080/v2", url))
        env = {"SEVENSENDERS_ACCESS_KEY": "statesync-simulator"}
        result = run_process("apply", "--auto-approve", "--no-color", cwd=folder, env=env)
        assert result.returncode == 0, result.stderr
        orders = [o["order_id"] for o in token_client(url).get("/orders").json()]
        assert sorted(orders) == [
            "env-demo-QA_order_2020_07_31_091340",
            "env-demo-QA_order_2020_08_02_120000",
        ]
