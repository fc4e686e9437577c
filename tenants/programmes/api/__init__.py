"""API of programmes and the reporting cycle: one APIView per operation, calling services/selectors.

`programmes` (plans, items, milestones, targets, history), `reporting` (monthly
reports, the quarterly showcase), `appraisal`, `importing` (work points from a
file), `duty_records`; `serializers` holds what several of them share.
"""
