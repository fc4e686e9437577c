"""What a proposal gives its signers in their duty records (履职积分), kept in step by the services
that move it (``tenants.programmes.services.duty_outcomes``): submitted, accepted (立案) and 优秀提案,
for the lead signer (领衔) and each confirmed co-signer (联名, the rule's co-signer points). Titles are
written only where every member may read the proposal (once accepted); a group proposal (集体提案)
has no signers and gives nobody points."""
from __future__ import annotations

from tenants.proposals.models import Proposal, Status
from tenants.proposals.statistics import ACCEPTED_STATES


def proposal_deserved(proposal: Proposal) -> list:
    from tenants.programmes.models import DutyOutcome, DutyShare
    from tenants.programmes.services.duty_outcomes import Deserved, local_day

    if proposal.status == Status.DRAFT:
        return []
    deserved = []
    for signer in proposal.signers.all():
        if not signer.is_confirmed:
            continue
        share = DutyShare.FULL if signer.is_lead else DutyShare.COSIGNER
        role = "领衔" if signer.is_lead else "联名"
        deserved.append(Deserved(member_id=signer.member_id, outcome=DutyOutcome.PROPOSAL_SUBMITTED, share=share,
                                 date=local_day(proposal.submitted_at), text=f"{role}提交提案"))
        if proposal.status in ACCEPTED_STATES:
            deserved.append(Deserved(member_id=signer.member_id, outcome=DutyOutcome.PROPOSAL_ACCEPTED, share=share,
                                     date=local_day(proposal.decided_at),
                                     text=f"{role}提案第 {proposal.number} 号“{proposal.title}”立案"))
            if proposal.is_excellent:
                deserved.append(Deserved(member_id=signer.member_id, outcome=DutyOutcome.PROPOSAL_EXCELLENT,
                                         share=share, text=f"{role}提案“{proposal.title}”评为优秀提案"))
    return deserved


def proposal_duty_sync(*, actor=None, proposal: Proposal) -> None:
    """Called by the proposal services after a transition, inside their transaction.
    Side effects: the signers' DutyRecord rows (see duty_outcomes_sync)."""
    from tenants.programmes.services.duty_outcomes import duty_outcomes_sync

    duty_outcomes_sync(actor=actor, source=proposal, deserved=proposal_deserved(proposal))


def proposals_duty_backfill() -> int:
    """Every proposal's records, for work done before the duty points came (idempotent)."""
    count = 0
    for proposal in Proposal.objects.exclude(status=Status.DRAFT).prefetch_related("signers"):
        proposal_duty_sync(proposal=proposal)
        count += 1
    return count
