"""Prefect automations that alert the coordinator through one of Prefect's own notification blocks; each
installation has its own (their names and the events they match carry the installation's name).

* ``peringatan``: an ``spbe.peringatan`` event, which every flow's failure hook emits with a readable Indonesian
  text (what failed, when on the instansi's clock, the public UI link, what to do): the notification is that text.
* ``terhenti``: a run of any of the engine's flows ends Crashed (a backstop for a process that died before its
  hook could speak; Prefect's own template, so its time is UTC).
* ``pengingat tidak berjalan``: no Completed run of the installation's ``remind`` deployment within ``within``
  (proactive, default 26 h); ``laporan tidak berjalan``: no weekly report in 8 days.

The channel is an apprise-style URL turned into a built-in Prefect block (the server loads the block itself, so
only block types the Prefect server knows can work): json/jsons/http(s) → Custom Webhook (apprise's JSON
payload), Slack hook URLs → Slack Webhook, mmost/mmosts → Mattermost Webhook, discord → Discord Webhook,
tgram → Custom Webhook on the Telegram Bot API. Every part of the URL that may be a secret is stored in the
block's secret fields. Prefect-facing edge: imported lazily by ``spbe setup-automations`` only.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from prefect.blocks.abstract import NotificationBlock
from prefect.blocks.notifications import (
    CustomWebhookNotificationBlock,
    DiscordWebhook,
    MattermostWebhook,
    SlackWebhook,
)
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.events.actions import SendNotification
from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
from prefect.exceptions import ObjectNotFound

from spbe_actions.adapters.notify import mask
from spbe_actions.adapters.prefect_env import sync_result
from spbe_actions.domain.i18n import t

BLOCK_NAME = "spbe-koordinator"
ALERT_EVENT = "spbe.peringatan"
WATCHED_FLOWS = ["remind", "dispatch", "report", "schedule-domain", "overseer"]
REPORT_WITHIN = dt.timedelta(days=8)


@dataclass(frozen=True)
class Watch:
    """What an installation's automations watch: its name and its deployments (both modes' names)."""

    installation: str
    remind: list[str]
    reports: list[str]

    def name(self, what: str) -> str:
        return f"spbe {self.installation}: {what}"

    @property
    def block(self) -> str:
        return f"{BLOCK_NAME}-{self.installation}"


BLOCK_TYPES: list[type[NotificationBlock]] = [
    CustomWebhookNotificationBlock,
    SlackWebhook,
    MattermostWebhook,
    DiscordWebhook,
]
TOKEN_HOSTS = ("tgram", "discord")  # schemes whose "host" is (half of) the token
SCHEMES = "json://, jsons://, http(s)://, mmost://, mmosts://, discord://, tgram://"


@dataclass(frozen=True)
class Outcome:
    kind: str  # "blok" or "otomasi"
    name: str
    id: UUID
    created: bool  # False: an existing one of that name was replaced


def _split(url: str) -> tuple[str, str, str, str]:
    """(scheme, userinfo, host[:port], path and query) without trusting the URL to be well formed."""
    scheme, _, rest = url.partition("://")
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    userinfo, _, host = netloc.rpartition("@")
    return scheme.lower(), userinfo, host, rest[len(netloc) :]


def secret_parts(url: str) -> list[str]:
    """Every part of ``url`` that may carry a secret: userinfo, path segments, query values, token hosts."""
    _, userinfo, host, tail = _split(url)
    parts = [userinfo, *userinfo.split(":"), tail.lstrip("/"), *re.split(r"[/?&=#]", tail)]
    if _split(url)[0] in TOKEN_HOSTS:
        parts += [host, *host.split(":")]
    return [p for p in parts if p]


def masked(url: str) -> str:
    """``url`` for display: scheme and host only (userinfo, path, query and token hosts as ***)."""
    if "://" not in url:
        return "***"
    scheme, userinfo, host, tail = _split(url)
    shown = f"{scheme}://{'***@' if userinfo else ''}{'***' if scheme in TOKEN_HOSTS else host}"
    return mask(shown + ("/***" if tail.strip("/?#") else ""), [])


def _webhook(url: str, payload: dict[str, Any], secrets: dict[str, str], **kw: Any) -> NotificationBlock:
    """A Custom Webhook whose URL (and any header or parameter) is a secret value: masked in the Prefect UI."""
    return CustomWebhookNotificationBlock(
        name="SPBE", url="{{url}}", json_data=payload, secrets={"url": url, **secrets}, **kw
    )


def _json_block(url: str) -> NotificationBlock:
    """apprise's json:// (and plain http(s) webhooks): POST {version, title, message, attachments, type}."""
    from apprise.plugins.custom_json import NotifyJSON

    for web, jsonish in (("https://", "jsons://"), ("http://", "json://")):
        if url.lower().startswith(web):
            url = jsonish + url[len(web) :]
    p = NotifyJSON.parse_url(url)
    if not p or not p.get("host"):
        raise ValueError(t("at_bad_channel", url=masked(url)))
    target = f"{'https' if p['secure'] else 'http'}://{p['host']}{':' + str(p['port']) if p['port'] else ''}"
    secrets = {f"h{i}": v for i, v in enumerate(p["headers"].values())}
    headers = {k: f"{{{{h{i}}}}}" for i, k in enumerate(p["headers"])}
    if p["user"]:
        secrets["auth"] = base64.b64encode(f"{p['user']}:{p['password'] or ''}".encode()).decode()
        headers["Authorization"] = "Basic {{auth}}"
    secrets |= {f"p{i}": v for i, v in enumerate(p["params"].values())}
    params = {k: f"{{{{p{i}}}}}" for i, k in enumerate(p["params"])} or None
    payload = {
        "version": "1.0",
        "title": "{{subject}}",
        "message": "{{body}}",
        "attachments": [],
        "type": "failure",
    }
    return _webhook(target + (p["fullpath"] or ""), payload, secrets, headers=headers or None, params=params)


def _telegram_block(url: str) -> NotificationBlock:
    from apprise.plugins.telegram import NotifyTelegram

    p = NotifyTelegram.parse_url(url)
    if not p or len(p.get("targets") or []) != 1:
        raise ValueError(t("at_telegram"))
    payload = {"chat_id": "{{chat}}", "text": "{{subject}}\n\n{{body}}"}
    api = f"https://api.telegram.org/bot{p['bot_token']}/sendMessage"
    return _webhook(api, payload, {"chat": p["targets"][0]})


def channel_block(url: str) -> NotificationBlock:
    """The built-in Prefect notification block for an apprise-style ``url``; ValueError names what is accepted."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    host = (urlsplit(url).hostname or "") if scheme in ("http", "https") else ""
    if host in ("hooks.slack.com", "hooks.slack-gov.com"):
        return SlackWebhook(url=url)
    if scheme in ("json", "jsons", "http", "https"):
        return _json_block(url)
    if scheme in ("mmost", "mmosts"):
        from apprise.plugins.mattermost import NotifyMattermost

        p = NotifyMattermost.parse_url(url)
        if p:
            return MattermostWebhook(
                hostname=p["host"],
                token=p["token"],
                port=p["port"] or (443 if p["secure"] else 8065),
                secure=p["secure"],
                botname=p["user"],
                channels=p["targets"] or None,
                path=p["fullpath"] or None,
            )
    if scheme == "discord":
        from apprise.plugins.discord import NotifyDiscord

        p = NotifyDiscord.parse_url(url)
        if p:
            return DiscordWebhook(webhook_id=p["webhook_id"], webhook_token=p["webhook_token"])
    if scheme == "tgram":
        return _telegram_block(url)
    raise ValueError(t("at_unsupported", url=masked(url), schemes=SCHEMES))


def save_block(client: SyncPrefectClient, block: NotificationBlock, name: str) -> Outcome:
    """Save ``block`` as ``name`` (overwriting), removing a same-named block of another channel type."""
    created = True
    for kind in BLOCK_TYPES:
        try:
            doc = client.read_block_document_by_name(name, kind.get_block_type_slug())
        except ObjectNotFound:
            continue
        created = False
        if kind is not type(block):
            client.delete_block_document(doc.id)
    block_id = sync_result(block.save(name, overwrite=True))
    return Outcome(t("at_block"), f"{block.get_block_type_name()}/{name}", block_id, created)


def alert_automation(block_id: UUID, watch: Watch) -> AutomationCore:
    """Every alert our flows' hooks emit for this installation, sent as written (subject and body)."""
    trigger = EventTrigger(
        expect={ALERT_EVENT},
        match={"prefect.resource.id": f"spbe.{watch.installation}.flow-run.*"},
        posture=Posture.Reactive,
        threshold=1,
        within=dt.timedelta(0),
    )
    action = SendNotification(
        block_document_id=block_id, subject="{{ event.payload.subject }}", body="{{ event.payload.body }}"
    )
    return AutomationCore(
        name=watch.name("peringatan"),
        description=t("at_alert_desc"),
        enabled=True,
        trigger=trigger,
        actions=[action],
    )


def crash_automation(block_id: UUID, watch: Watch) -> AutomationCore:
    """A backstop: a run of the engine's flows that ended Crashed (its process may have died before its hook)."""
    trigger = EventTrigger(
        expect={"prefect.flow-run.Crashed"},
        match={"prefect.resource.id": "prefect.flow-run.*"},
        match_related={"prefect.resource.role": "flow", "prefect.resource.name": WATCHED_FLOWS},
        posture=Posture.Reactive,
        threshold=1,
        within=dt.timedelta(0),
    )
    body = t(  # Prefect fills in the {{ ... }} when it sends
        "at_crash_body",
        flow="{{ flow.name }}",
        run="{{ flow_run.name }}",
        at="{{ flow_run.state.timestamp }}",
        message="{{ flow_run.state.message }}",
        url="{{ flow_run|ui_url }}",
    )
    subject = t("at_crash_subject", flow="{{ flow.name }}")
    action = SendNotification(block_document_id=block_id, subject=subject, body=body)
    return AutomationCore(
        name=watch.name("run terhenti"),
        description=t("at_crash_desc"),
        enabled=True,
        trigger=trigger,
        actions=[action],
    )


def _span(within: dt.timedelta) -> str:
    seconds = int(within.total_seconds())
    if seconds % 86400 == 0:
        return t("at_days", n=seconds // 86400)
    return t("at_hours", n=seconds // 3600) if seconds % 3600 == 0 else t("at_seconds", n=seconds)


def silent_automation(block_id: UUID, watch: Watch, within: dt.timedelta, flow: str = "remind") -> AutomationCore:
    """Alert when no run of the installation's ``flow`` deployments completes within ``within`` (proactive)."""
    deployments = watch.remind if flow == "remind" else watch.reports
    label = "pengingat harian" if flow == "remind" else "laporan mingguan"  # the automation's name (Indonesian)
    what = t("at_remind") if flow == "remind" else t("at_report")
    trigger = EventTrigger(
        expect={"prefect.flow-run.Completed"},
        match={"prefect.resource.id": "prefect.flow-run.*"},
        match_related=[
            {"prefect.resource.role": "flow", "prefect.resource.name": flow},
            {"prefect.resource.role": "deployment", "prefect.resource.name": deployments},
        ],
        posture=Posture.Proactive,
        threshold=1,
        within=within,
    )
    body = t("at_silent_body", what=what, deployments=", ".join(deployments), span=_span(within))
    action = SendNotification(block_document_id=block_id, subject=t("at_silent_subject", what=what), body=body)
    return AutomationCore(
        name=watch.name(f"{label} tidak berjalan"),
        description=t("at_silent_desc", what=what, span=_span(within)),
        enabled=True,
        trigger=trigger,
        actions=[action],
    )


def upsert(client: SyncPrefectClient, automation: AutomationCore) -> Outcome:
    """Create ``automation``, or replace the one of the same name (and remove duplicates of that name)."""
    existing = client.read_automations_by_name(automation.name)  # most recently updated first
    if not existing:
        return Outcome(t("at_automation"), automation.name, client.create_automation(automation), True)
    keep, *extra = existing
    client.update_automation(keep.id, automation)
    for dup in extra:
        client.delete_automation(dup.id)
    return Outcome(t("at_automation"), automation.name, keep.id, False)


def setup(channel: str, watch: Watch, within: dt.timedelta = dt.timedelta(hours=26)) -> list[Outcome]:
    """Store the coordinator's channel block and create or replace the installation's automations; idempotent."""
    block = channel_block(channel)
    with get_client(sync_client=True) as client:
        saved = save_block(client, block, watch.block)
        automations = [
            alert_automation(saved.id, watch),
            crash_automation(saved.id, watch),
            silent_automation(saved.id, watch, within, "remind"),
            silent_automation(saved.id, watch, REPORT_WITHIN, "report"),
        ]
        return [saved, *(upsert(client, a) for a in automations)]
