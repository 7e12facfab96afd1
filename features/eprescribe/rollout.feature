Feature: An e-prescribing rollout in Jämtland, run by the same engine as Millennium
  A second, deliberately different workflow (workflows/eprescribe): three phases,
  two waves, its own roles, evidence and guards, loaded with `init --workflow`.
  Everything here goes through the etapp command line. The pilot's Cutover is
  planned to end on 2026-06-30; the workflow's data forbids a go-live in ISO
  week 52 and in July, and earlier than 14 days before that planned end.

  Background:
    Given a database initialised with the workflow in workflows/eprescribe
    And it is 2026-06-01
    And the actors of the rollout: ada the admin, cora the coordinator, sam the sponsor, bo on the board, lisa the site lead of Åre

  Scenario: The pilot cannot leave Prepare before its evidence and the charter
    When cora advances pilot
    Then it is refused with exit 3, missing "wave-plan" and "programme: charter-signed"
    And nothing was written

  Scenario: A site lead records only for her own site
    When lisa records site-survey for Åre
    Then it is recorded
    When lisa records site-survey for Krokom
    Then it is refused with exit 4

  Scenario: The pilot goes live in one step with all its sites, on the board's go
    Given the pilot is in Cutover with everything recorded
    When it is 2026-06-22
    And cora advances pilot
    Then it is refused with exit 3, missing "a go-live decision (decide pilot go-live) (now: none)"
    When bo decides go-live for pilot
    And cora advances pilot
    Then pilot, ostersund, krokom and are are in Live

  Scenario: A paused site stops its wave's go-live
    Given the pilot is in Cutover with everything recorded
    When it is 2026-06-22
    And sam pauses are
    And bo decides go-live for pilot
    And cora advances pilot
    Then it is refused with exit 3, missing "are: paused"
    When sam resumes are
    And cora advances pilot
    Then pilot, ostersund, krokom and are are in Live

  Scenario: Deadlines come from the wave plan and the audit holds
    Given the pilot is in Cutover with everything recorded
    Then the open deadlines include pilot due 2026-06-30
    And verify and replay find the log intact

  Scenario: No go-live earlier than two weeks before the planned end of Cutover
    Given the pilot is in Cutover with everything recorded
    When bo decides go-live for pilot
    And cora advances pilot
    Then it is refused with exit 3, missing "not into Live before 2026-06-16 (14 days before the planned end of Cutover, 2026-06-30)"
    And nothing was written
    When it is 2026-06-16
    And cora advances pilot
    Then pilot, ostersund, krokom and are are in Live

  Scenario: No go-live in the July freeze: a pilot that slipped goes live in August
    Given the pilot is in Cutover with everything recorded
    When it is 2026-07-14
    And bo decides go-live for pilot
    And cora advances pilot
    Then it is refused with exit 3, missing "2026-07-14 is in a freeze window (July): not into Live before 2026-08-01"
    And nothing was written
    When it is 2026-07-31
    And cora advances pilot
    Then it is refused with exit 3, missing "2026-07-31 is in a freeze window (July): not into Live before 2026-08-01"
    When it is 2026-08-03
    And cora advances pilot
    Then pilot, ostersund, krokom and are are in Live
    And verify and replay find the log intact

  Scenario: The board puts a new version of the workflow in force, and the running pilot moves with it
    Given the pilot is in Cutover with everything recorded
    When bo puts in force a copy of the workflow that renames cutover to switch and staff-trained to staff-certified
    Then pilot, ostersund, krokom and are stand in switch
    And ostersund's staff-trained counts as staff-certified
    And verify and replay find the log intact
    When it is 2026-06-16
    And bo decides go-live for pilot
    And cora advances pilot
    Then pilot, ostersund, krokom and are are in Live

  Scenario: A new version that drops the pilot's phase without saying where it went is refused
    Given the pilot is in Cutover with everything recorded
    When bo puts in force a copy of the workflow that renames cutover to switch, with no mapping
    Then it is refused with exit 3
    And nothing was written
