Feature: An e-prescribing rollout in Jämtland, run by the same engine as Millennium
  A second, deliberately different workflow (workflows/eprescribe): three phases,
  two waves, its own roles, evidence and guards, loaded with `init --workflow`.
  Everything here goes through the etapp command line.

  Background:
    Given a database initialised with the workflow in workflows/eprescribe
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
    When cora advances pilot
    Then it is refused with exit 3, missing "a go-live decision (decide pilot go-live) (now: none)"
    When bo decides go-live for pilot
    And cora advances pilot
    Then pilot, ostersund, krokom and are are in Live

  Scenario: A paused site stops its wave's go-live
    Given the pilot is in Cutover with everything recorded
    When sam pauses are
    And bo decides go-live for pilot
    And cora advances pilot
    Then it is refused with exit 3, missing "are: paused"
    When sam resumes are
    And cora advances pilot
    Then pilot, ostersund, krokom and are are in Live

  Scenario: Deadlines come from the wave plan and the audit holds
    Given the pilot is in Cutover with everything recorded
    Then the open deadlines include pilot due 2027-04-20
    And verify and replay find the log intact
