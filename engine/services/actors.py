"""Use cases of actor administration: register an actor, grant and revoke its roles (§5.8).

The administrator ("Projektdeltagare Administratör … administrera …
behörigheter", §5.8) holds the `actor-admin` permission. Every change is an
event on the actor's own stream, so the actor projection is rebuilt by replay.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from engine.domain import events as ev
from engine.domain.actors import Actor
from engine.domain.commands import AddActor, ChangeRole
from engine.domain.definition import RoleSpec, WorkflowDefinition
from engine.errors import ConcurrencyError, DecisionNotPermitted, InvalidInputError, NotFoundError
from engine.i18n import _
from engine.services.unit import App, WriteContext, run_write

ADMIN_PERMISSION = "actor-admin"


def _roles(d: WorkflowDefinition, ids: Sequence[str]) -> list[RoleSpec]:
    """The role specs, in the order given and without repeats.

    Raises:
        InvalidInputError: no role, or an unknown one.
    """
    if not ids:
        msg = _("an actor holds at least one role: give --role ROLE")
        raise InvalidInputError(msg)
    specs: list[RoleSpec] = []
    for r in ids:
        spec = d.role(r)
        if spec is None:
            msg = _("unknown role {r!r}; roles are {roles}").format(
                      r=r, roles=', '.join(x.id for x in d.roles))
            raise InvalidInputError(msg)
        if spec not in specs:
            specs.append(spec)
    return specs


def _scope(ctx: WriteContext, specs: Sequence[RoleSpec], given: str | None,
           current: str | None = None) -> str | None:
    """The municipality a scoped role acts for; one per actor.

    Raises:
        InvalidInputError: a scoped role without --scope, a scope that is not a
            municipality, one for a role that is not scoped, or a second scope.
    """
    scoped = [s.id for s in specs if s.scoped]
    if not scoped:
        if given:
            msg = _("role {id} is not scoped to a municipality: drop --scope").format(
                      id=specs[0].id)
            raise InvalidInputError(msg)
        return current
    if not given:
        if current:
            return current
        msg = _("role {scoped} acts for one municipality: give --scope MUNICIPALITY").format(
                  scoped=scoped[0])
        raise InvalidInputError(msg)
    target = ctx.resolve(given)
    if target.kind != "municipality":
        msg = _("--scope must be a municipality, not {target_kind} {target_id}").format(
                  target_kind=target.kind, target_id=target.id)
        raise InvalidInputError(msg)
    if current and current != target.id:
        msg = _("the actor acts for {current} already; one actor acts for one municipality").format(
                  current=current)
        raise InvalidInputError(msg)
    return target.id


def add_actor(app: App, actor_name: str | None, cmd: AddActor, *,
              occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Register an actor with its roles (§5). The first actor needs no --actor and
    must be an administrator; after that only an administrator registers actors.

    Raises:
        InvalidInputError: unknown role, a scope missing or given where it does not belong.
        DecisionNotPermitted: the acting actor may not administer actors.
        ConcurrencyError: the name is already registered.
    """
    d = app.definition
    admin = d.permissions.get(ADMIN_PERMISSION, ())
    specs = _roles(d, cmd.role_ids)
    roles = [s.id for s in specs]

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        if ctx.uow.actors.get(cmd.name) is not None:
            msg = _("actor {name!r} is already registered").format(name=cmd.name)
            raise ConcurrencyError(msg)
        scope = _scope(ctx, specs, cmd.scope)
        return [ev.NewEvent(f"{ev.ACTOR_STREAM_PREFIX}{cmd.name}", ev.ACTOR_ADDED,
                            {"name": cmd.name, "roles": roles, "scope": scope})]

    with app.uow(write=False) as uow:
        bootstrap = not uow.actors.all()
    if bootstrap:
        first = next((r for r in admin if r in roles), None)
        if first is None:
            msg = (_("the first actor administers the others: register one with role {admin} "
                     "first").format(admin=' or '.join(admin)))
            raise DecisionNotPermitted(msg)

        def founding(ctx: WriteContext) -> Sequence[ev.NewEvent]:
            ctx.role = first
            return decide(ctx)

        return run_write(app, None, founding, actor=Actor(cmd.name, tuple(roles)),
                         occurred_at=occurred_at)
    if not actor_name:
        msg = _("actors exist already: an administrator must add others (--actor NAME)")
        raise DecisionNotPermitted(msg)

    def checked(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        ctx.permit(admin, _("register actors"))
        return decide(ctx)

    return run_write(app, actor_name, checked, occurred_at=occurred_at)


def change_role(app: App, actor_name: str | None, cmd: ChangeRole, *,
                occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Grant a role to a registered actor, or revoke one (§5.4, §5.8): an administrator's task.

    Granting a body's role makes the actor a member of that body. An
    administrator does not revoke the last administrator role of the last
    administrator, so actors can always be administered.

    Raises:
        InvalidInputError: unknown role, or a scope problem (see `add_actor`).
        DecisionNotPermitted: the acting actor may not administer actors.
        NotFoundError: the actor is not registered.
        ConcurrencyError: the role is already held (grant) or not held (revoke).
        RuleViolation: revoking the last administrator.
    """
    d = app.definition
    admin = d.permissions.get(ADMIN_PERMISSION, ())
    [spec] = _roles(d, [cmd.role])

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        ctx.permit(admin, _("grant or revoke roles"))
        target = ctx.uow.actors.get(cmd.name)
        if target is None:
            msg = _("unknown actor {name!r}: register it with `etapp actor add`").format(
                      name=cmd.name)
            raise NotFoundError(msg)
        stream = f"{ev.ACTOR_STREAM_PREFIX}{cmd.name}"
        if cmd.grant:
            if spec.id in target.roles:
                msg = _("{target_label} holds {id} already").format(
                          target_label=target.label, id=spec.id)
                raise ConcurrencyError(msg)
            scope = _scope(ctx, [spec], cmd.scope, target.scope)
            return [ev.NewEvent(stream, ev.ACTOR_ROLE_GRANTED,
                                {"name": cmd.name, "role": spec.id, "scope": scope})]
        if cmd.scope:
            msg = _("a role is revoked without --scope")
            raise InvalidInputError(msg)
        if spec.id not in target.roles:
            msg = _("{target_label} does not hold {id}").format(
                      target_label=target.label, id=spec.id)
            raise ConcurrencyError(msg)
        _keep_an_administrator(ctx, target, spec.id, admin)
        left = [r for r in target.roles if r != spec.id]
        still_scoped = any((s := d.role(r)) is not None and s.scoped for r in left)
        return [ev.NewEvent(stream, ev.ACTOR_ROLE_REVOKED,
                            {"name": cmd.name, "role": spec.id,
                             "scope": target.scope if still_scoped else None})]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def _keep_an_administrator(ctx: WriteContext, target: Actor, role: str,
                           admin: tuple[str, ...]) -> None:
    from engine.errors import RuleViolation

    if role not in admin or any(r in admin for r in target.roles if r != role):
        return
    others = [a for a in ctx.uow.actors.all()
              if a.name != target.name and any(r in admin for r in a.roles)]
    if not others:
        msg = (_("{target_name} is the last actor who administers actors: grant {admin} to "
                 "another actor first").format(
                   target_name=target.name, admin=' or '.join(admin)))
        raise RuleViolation(msg)
