# language: sv
Egenskap: Acceptans av en etapp
  Acceptansen bereds i programledningen och beslutas formellt av
  programstyrgruppen (§3.4). Ett avslag meddelas leverantören skriftligt, med
  felen och en tid för åtgärd; efter åtgärderna görs ett omtest innan
  acceptansen kan beslutas igen. Leveransen är levererad först när VGR har
  accepterat den "samt dokumenterat detta på överenskommet sätt" (§3.4):
  varje beslut registreras med sitt dokument, till exempel en
  protokollsparagraf, och datumet för mötet som fattade det.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner
    Och etapp 1 och dess kommuner står i fasen Acceptera

  @s3.4 @R5 @medges
  Scenario: Acceptansen bereds i programledningen och beslutas av programstyrgruppen
    När programledningen bereder acceptansen för etapp 1
    Och programstyrgruppen accepterar etapp 1 med motiveringen "Acceptanstest godkänt" och referensen "PSG 2024-10-01 §4"
    Så är acceptansen för etapp 1 beslutad
    Och beslutet är registrerat med aktör, roll, organ, motivering, referens och tidpunkt

  @s3.4 @R5 @nekas
  Scenario: Acceptans utan beredning i programledningen vägras
    När programstyrgruppen accepterar etapp 1
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "bered den först i programledningen"
    Och ingenting registreras

  @s3.3 @s3.4 @R5 @nekas
  Scenario: Etappen lämnar inte Acceptera utan end-to-end-test, utbildning och acceptansbeslut
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "e2e-test-validerat", "anvandarutbildning-genomford" och "acceptans beslutad av programstyrgruppen"
    Och ingenting registreras

  @s3.3 @s3.4 @R5 @medges
  Scenario: Etappen lämnar Acceptera när testet, utbildningen och beslutet finns
    Givet etapp 1 har allt underlag för fasen Acceptera
    Och acceptansen för etapp 1 är beslutad
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 i fasen Godkänna

  @s3.4 @R5 @nekas
  Scenario: En kommun lämnar inte Acceptera innan etappens acceptans är beslutad
    Givet kommunen Borås har allt underlag för fasen Acceptera
    När projektledaren i Borås för kommunen Borås vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "etapp-1: acceptans beslutad av programstyrgruppen (nu: ingen)"
    Och ingenting registreras

  @s1.5 @s3.4 @R5 @nekas
  Scenario: En kommun vars användare inte är utbildade stannar trots beslutad acceptans
    Givet acceptansen för etapp 1 är beslutad
    När projektledaren i Borås för kommunen Borås vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "anvandare-utbildade"

  @s1.5 @s3.4 @R5 @medges
  Scenario: En kommun lämnar Acceptera när dess användare är utbildade och etappens acceptans är beslutad
    Givet etapp 1 har lämnat fasen Acceptera
    Och kommunen Borås har allt underlag för fasen Acceptera
    När projektledaren i Borås för kommunen Borås vidare
    Så står kommunen Borås i fasen Godkänna

  @s3.4 @R5 @nekas
  Scenario: Acceptans beslutas bara i etappens fas Acceptera
    När programledningen bereder acceptansen för etapp 2
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "acceptansens steg tas bara i acceptera"
    Och ingenting registreras

  @s3.4 @R5 @nekas
  Scenario: Acceptans beslutas för en etapp, inte för en enskild kommun
    När programledningen bereder acceptansen för kommunen Borås
    Så nekas det som felaktig uppgift
    Och beskedet nämner "besluta för etapp-1"
    Och ingenting registreras

  @s3.4 @R5 @nekas
  Scenario: Samma acceptans beslutas inte två gånger
    Givet acceptansen för etapp 1 är beslutad
    När programstyrgruppen accepterar etapp 1
    Så nekas det eftersom det redan är gjort
    Och ingenting registreras

  @s3.4 @R6 @medges
  Scenario: Ett avslag registreras med skriftligt meddelande, antal fel och åtgärdsfrist
    Givet dagens datum är 2026-01-19
    Och programledningen har berett acceptansen för etapp 1
    När programstyrgruppen avslår acceptansen för etapp 1 med meddelandet "Reklamation 2026-01-19" till leverantören, 12 fel och åtgärd senast 2026-02-16
    Så är acceptansen för etapp 1 avslagen
    Och har etapp 1 en öppen åtgärdsfrist 2026-02-16
    Och avslaget är registrerat med meddelandet "Reklamation 2026-01-19", 12 fel och åtgärd senast 2026-02-16

  @s3.4 @R6 @nekas
  Scenariomall: Ett avslag utan <uppgift> vägras
    Givet dagens datum är 2026-01-19
    Och programledningen har berett acceptansen för etapp 1
    När programstyrgruppen avslår acceptansen för etapp 1 utan <uppgift>
    Så nekas det som felaktig uppgift
    Och beskedet nämner "<besked>"
    Och ingenting registreras

    Exempel:
      | uppgift                              | besked                  |
      | skriftligt meddelande till leverantör | skriftliga beskedet     |
      | antal fel                            | antalet fel             |
      | åtgärdsfrist                         | åtgärdsdatum            |

  @s3.4 @R6 @nekas
  Scenario: Efter ett avslag krävs ett omtest innan acceptansen kan beslutas
    Givet etapp 1 har fått avslag med 12 fel och åtgärdsfrist 2026-02-15
    När programstyrgruppen accepterar etapp 1
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "registrera först omtestet"
    Och ingenting registreras

  @s3.4 @R6 @nekas
  Scenario: Efter omtestet bereds acceptansen på nytt innan den beslutas
    Givet etapp 1 har fått avslag med 12 fel och åtgärdsfrist 2026-02-15
    Och omtestet för etapp 1 är registrerat
    När programstyrgruppen accepterar etapp 1
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "bered den först på nytt i programledningen"

  @s3.4 @R6 @medges
  Scenario: Efter åtgärder, omtest och ny beredning accepteras etappen
    Givet etapp 1 har fått avslag med 12 fel och åtgärdsfrist 2026-02-15
    När huvudprojektledaren registrerar omtestet för etapp 1 med referensen "Omtestrapport 2026-02-10"
    Så är acceptansen för etapp 1 omtestad
    Och har etapp 1 ingen öppen åtgärdsfrist
    När programledningen bereder acceptansen för etapp 1
    Och programstyrgruppen accepterar etapp 1
    Så är acceptansen för etapp 1 beslutad

  @s3.4 @R6 @nekas
  Scenario: Omtest utan avslag vägras
    Givet programledningen har berett acceptansen för etapp 1
    När huvudprojektledaren registrerar omtestet för etapp 1
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "kan inte omtesta medan acceptansen är beredd"
    Och ingenting registreras

  @s3.4 @R5 @medges
  Scenario: Acceptansbeslutet registreras med protokollet och mötets datum
    Givet dagens datum är 2026-01-16
    Och programledningen har berett acceptansen för etapp 1
    När programstyrgruppen accepterar etapp 1 med motiveringen "Acceptanstest godkänt" och referensen "PSG 2026-01-16 §4"
    Så är beslutet registrerat med dokumentet "PSG 2026-01-16 §4" från mötet 2026-01-16
    Och är acceptansen för etapp 1 beslutad

  @s3.4 @R5 @nekas
  Scenario: Ett acceptansbeslut utan dokument registreras inte
    Givet programledningen har berett acceptansen för etapp 1
    När programstyrgruppen accepterar etapp 1 med motiveringen "Acceptanstest godkänt" utan referens
    Så nekas det som felaktig uppgift
    Och beskedet nämner "behöver sitt dokument"
    Och ingenting registreras

  @s3.4 @R5 @nekas
  Scenario: Beredningen registreras inte heller utan dokument
    När programledningen bereder acceptansen för etapp 1 utan referens
    Så nekas det som felaktig uppgift
    Och beskedet nämner "bereda (acceptans, programledning) behöver sitt dokument"
    Och ingenting registreras

  @s3.4 @R6 @nekas
  Scenario: Ett omtest registreras inte utan sin testrapport
    Givet etapp 1 har fått avslag med 12 fel och åtgärdsfrist 2026-02-15
    När huvudprojektledaren registrerar omtestet för etapp 1 utan referens
    Så nekas det som felaktig uppgift
    Och beskedet nämner "testrapport"
    Och ingenting registreras
