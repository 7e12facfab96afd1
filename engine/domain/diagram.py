"""The workflow's state machine as text: Mermaid or Graphviz dot, guards as labels (pure)."""

from __future__ import annotations

from engine.domain.definition import WorkflowDefinition


def _node(phase_id: str) -> str:
    return phase_id.replace("-", "_")


def diagram(definition: WorkflowDefinition, fmt: str = "mermaid") -> str:
    """Every phase and transition of `definition`; each edge lists its guards (§3.3-§3.4)."""
    if fmt == "dot":
        lines = [f'digraph "{definition.name}" {{', "  rankdir=LR;",
                 '  node [shape=box, style=rounded, fontname="Helvetica"];']
        for p in definition.phases:
            shape = ", peripheries=2" if p.final else ""
            lines.append(f'  {_node(p.id)} [label="{p.name}"{shape}];')
        for t in definition.transitions:
            label = "\\n".join(t.guards)
            lines.append(f'  {_node(t.source)} -> {_node(t.dest)} [label="{label}"];')
        return "\n".join([*lines, "}"]) + "\n"
    lines = ["stateDiagram-v2"]
    for p in definition.phases:
        lines.append(f"    {_node(p.id)} : {p.name}")
    lines.append(f"    [*] --> {_node(definition.initial_phase)}")
    for t in definition.transitions:
        lines.append(f"    {_node(t.source)} --> {_node(t.dest)} : {'<br/>'.join(t.guards)}")
    for p in definition.phases:
        if p.final:
            lines.append(f"    {_node(p.id)} --> [*]")
    return "\n".join(lines) + "\n"
