# language: sv
Egenskap: Standardplanen kan följas i sin egen datumordning
  Tidplanen gäller för alla ingående projekt (§3.1). En utrullningsetapp lämnar
  Initiera med justeringar från tidigare leveranser (§3.3): lärdomarna från
  piloten och från varje etapp som redan har driftsatts, inte från etappen
  närmast före, som i standardplanen driftsätts först senare. Efter den sista
  driftsättningen följer det slutliga acceptanstestet av hela lösningen (§3.4).
  Varje steg registreras i efterhand med den dag planen anger som
  verksamhetstid (`--at`), medan registreringstiden är dagen då det fördes in.

  @s3.1 @s3.3 @s3.4 @R2 @R10 @medges
  Scenario: Planen följs från 2019 till det slutliga acceptanstestet
    När standardplanen följs i datumordning från milstolparna 2019 till den sista etappens avslut
    Så lämnade varje etapp varje fas den dag planen anger
    Och står alla etapper och kommuner i fasen Avslutad
    Och rapporterar programmet att det inte är driftsatt
    När programledningen bereder det slutliga acceptanstestet och programstyrgruppen godkänner det den 2027-03-31 med referensen "PSG 2027-03-31 §2"
    Så rapporterar programmet att det är driftsatt

  @s3.3 @R2 @medges
  Scenario: Etapp 2 och etapp 3 lämnar Initiera 2025-03-31 med pilotens lärdomar
    När standardplanen följs i datumordning från milstolparna 2019 till och med 2025-03-31
    Så står etapp 2 i fasen Designa-bygga-validera
    Och står etapp 3 i fasen Designa-bygga-validera
    Och står etapp 1 i fasen Avslutad

  @s3.1 @s3.4 @R10 @nekas
  Scenario: Det slutliga acceptanstestet bereds inte före den sista driftsättningen
    När standardplanen följs i datumordning från milstolparna 2019 till och med 2026-08-31
    Och programledningen bereder det slutliga acceptanstestet och programstyrgruppen godkänner det med referensen "PSG 2026-09-01"
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "etapp-4: ännu inte driftsatt"
    Och ingenting registreras
    Och rapporterar programmet att det inte är driftsatt
