"""The write side of signatures: which key signs a command's events, or why it is refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from engine.domain import events as ev
from engine.domain.actors import Actor
from engine.errors import DecisionNotPermitted
from engine.i18n import _
from engine.ledger.policy import requires_signature

if TYPE_CHECKING:
    from engine.persistence.event_log import Signer
    from engine.persistence.unit_of_work import SqlUnitOfWork
    from engine.services.unit import App


def signer_for(uow: SqlUnitOfWork, app: App, who: Actor, role: str,
               new: Sequence[ev.NewEvent]) -> Signer | None:
    """The signer for this command's events, checked against the keys registered now.

    An actor holding an unrevoked key signs everything it causes (issue #12);
    the workflow may require signatures of everyone (`[signatures] required`).
    The system (scheduler) never signs.

    Raises:
        DecisionNotPermitted: the key given is not the actor's, or is revoked; or a
            signature is needed and no key was given. Nothing is written.
    """
    if role == "system":
        return None
    if app.key is None:
        held = uow.keys.for_actor(who.name, active=True)
        if held:
            msg = (_("{who_name} holds key {key_id}: sign with --key FILE or ETAPP_KEY (nothing"
                     " written)").format(who_name=who.name, key_id=held[0].key_id))
            raise DecisionNotPermitted(msg)
        bootstrap = all(e.subject == f"{ev.ACTOR_STREAM_PREFIX}{who.name}" for e in new)
        needing = [e.type for e in new if requires_signature(
            app.definition.signatures, e.type, role, bootstrap=bootstrap)]
        if needing:
            msg = (_("the workflow requires signed {app_definition_signatures} ({needing}): "
                     "{who_name} gave no key; sign with --key FILE or ETAPP_KEY, or have an "
                     "administrator run `etapp key new --for {who_name}`").format(
                       app_definition_signatures=app.definition.signatures, needing=needing[0],
                       who_name=who.name))
            raise DecisionNotPermitted(msg)
        return None
    from engine.ledger.keys import event_message, key_id, public_bytes, sign

    private = app.key
    kid = key_id(public_bytes(private))
    found = uow.keys.get(kid)
    if found is None:
        msg = _("key {kid} is not registered: an administrator registers it with `etapp key "
                "new`").format(kid=kid)
        raise DecisionNotPermitted(msg)
    if found.actor != who.name:
        msg = _("key {kid} belongs to {found_actor}, not to {who_name}: nothing written").format(
                  kid=kid, found_actor=found.actor, who_name=who.name)
        raise DecisionNotPermitted(msg)
    if found.revoked_seq is not None:
        msg = (_("key {kid} of {who_name} was revoked at event #{found_revoked_seq}{value}: it "
                 "signs nothing afterwards").format(
                   kid=kid, who_name=who.name, found_revoked_seq=found.revoked_seq,
                   value=f' ({found.reason})' if found.reason else ''))
        raise DecisionNotPermitted(msg)

    def signer(data: bytes) -> tuple[str, str]:
        return kid, sign(private, event_message(kid, data))

    return signer
