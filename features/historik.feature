# language: sv
Egenskap: Programmets verkliga historik förs in i efterhand med sina egna datum
  Programkontoret för in historiken i april 2025, efter pausen. Varje händelse
  registreras med den verksamhetstid källorna ger (`--at`), medan
  registreringstiden är dagen då den fördes in. Källorna: avtalet undertecknat
  2018-11-27 (§1.1); direktivet för Kommun-FVM fastställt av VästKoms styrelse
  2019-06-18 § 15 (seeds/002); hösten 2019 ett års försening och en ny tidplan i
  december 2019, reklamation i februari 2022 och Regionstyrelsens nya tidplan
  2022-05-17 (seeds/004); driftsättning i södra hösten 2024 (seeds/004);
  Millennium pausat i november 2024 (seeds/003).

  Organen är de som fanns då: etappernas tidplan är VGR:s och beslutas av
  Regionstyrelsen (§3.1, seeds/004); SSVIT var kommunernas styrgrupp under
  direktiv v1.0 (seeds/002) och Chefsgruppen finns först från direktiv v3.0,
  2024-04-23, så Chefsgruppen kan inte ha beslutat något 2019.

  Datum som källorna bara anger som en månad förs in som månadens sista dag
  (då hade det enligt källan hänt), och referensen säger att källan bara ger
  månaden. Driftsättningen "hösten 2024" förs in på planens datum 2024-11-12.
  Den ursprungliga tidplanen för etapp 1 (våren 2021) är en illustration, och
  protokoll som källorna inte nämner (acceptans, go-beslut) är märkta som
  illustrativa. Den verkliga historiken slutar vid pausen; ett återupptagande
  har inte skett (seeds/003: programstyrgruppen är pausad på obestämd tid), så
  det står i ett eget, uttryckligen antaget scenario.

  @historik @s1.1 @s1.6 @s3.1 @s3.4 @s5.4 @seed002 @seed003 @seed004 @R7 @R11 @R12 @R13 @medges @nekas
  Scenario: Verklig historik från avtalet 2018 till pausen i november 2024, införd i efterhand
    Givet dagens datum är 2018-11-27
    Och programmet startades med den ursprungliga tidplanen där etapp 1 slutar fasen Godkänna 2021-04-13
    # Allt nedan förs in i efterhand i april 2025, med sina egna datum.
    Och dagens datum är 2025-04-15
    När projektägaren i efterhand registrerar programmets milstolpar beslutade 2019-06-18 med referensen "VästKoms styrelse 2019-06-18 § 15"
    # December 2019: endast månaden i källan, förs in som 2019-12-31.
    Och regionstyrelsen i efterhand registrerar ny tidplan för etapp 1 beslutad 2019-12-31 med motiveringen "Cerner underskattade anpassningen till patientdatalagen" och referensen "Ny tidplan december 2019 (endast månad i källan); reklamation oktober 2019":
      | fas                    | datum      |
      | Initiera               | 2020-06-30 |
      | Designa-bygga-validera | 2021-06-30 |
      | Acceptera              | 2022-02-25 |
      | Godkänna               | 2022-04-12 |
      | Stänga                 | 2022-08-31 |
    Så slutar fasen Godkänna för etapp 1 2022-04-12
    # Chefsgruppen fanns inte 2019; den kan inte heller ha beslutat kommunernas tid då.
    När chefsgruppen i efterhand registrerar att kommunen Borås återupptogs 2019-12-31
    Så nekas det som felaktig uppgift
    Och beskedet nämner "endast från 2024-04-23" och "ssvit"
    Och ingenting registreras
    När regionstyrelsen i efterhand registrerar ny tidplan för etapp 1 beslutad 2022-05-17 med motiveringen "Ny tidplan efter fortsatt kritik av leveransen" och referensen "RS 2022-05-17; reklamation februari 2022 (endast månad i källan)":
      | fas                    | datum      |
      | Initiera               | 2023-03-31 |
      | Designa-bygga-validera | 2024-03-28 |
      | Acceptera              | 2024-09-30 |
      | Godkänna               | 2024-11-12 |
      | Stänga                 | 2025-02-28 |
    Så är etapp 1:s tidplan densamma som i den levererade standardplanen
    Och har etapp 1 två omplaneringar av fasen Godkänna beslutade av regionstyrelse 2019-12-31 och 2022-05-17
    # Hösten 2024: driftsättningen i södra, etappen och de åtta kommunerna på en gång.
    När etapp 1 och dess kommuner i efterhand förs genom planens faser till driftsättningen 2024-11-12
    Så står etapp 1 och alla dess kommuner i fasen Stänga
    Och lämnade etapp 1 fasen Godkänna 2024-11-12 enligt verksamhetstiden men registrerades 2025-04-15
    # November 2024: endast månaden i källan, förs in som 2024-11-30.
    När programstyrgruppen i efterhand registrerar att programmet pausades 2024-11-30 med skälet "Millennium pausat efter driftsättningen i södra" och referensen "Paus november 2024 (endast månad i källan, seeds/003)"
    Och etapp 1 har registrerat "driftstest-genomfort", "stangningsobjekt-klara", "overlamning-support", "lardomar-dokumenterade" och "tidplansjusteringar"
    Och huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "pausad med programme"
    Och ingenting registreras
    Och står etapp 1 i fasen Stänga
    Och rapporterar programmet att det inte är driftsatt

  @historik @antagande @s1.6 @s3.1 @s6.1 @seed003 @R13 @medges
  Scenario: Antaget, inte verklig historik: ett återupptagande 2025-09-01 flyttar datum förbi programmets slut
    Givet den verkliga historiken till pausen i november 2024 är införd
    Och dagens datum är 2025-09-15
    # Antaget: inget sådant beslut finns i källorna.
    När regionstyrelsen i efterhand registrerar att programmet återupptogs 2025-09-01 bortom programmets slut med motiveringen "Antaget: pausöverenskommelsens åtgärder är genomförda" och referensen "Antaget beslut, inte i källorna"
    Så är återupptagandet registrerat med 275 pausade dagar och flyttade tidsfrister
    Och återupptagandet är registrerat med varningen "efter programmets slut, kvartal två 2027 (2027-06-30, §3.1): etapp-3 phase:stanga 2027-07-02, etapp-4 phase:godkanna 2027-07-15, etapp-4 phase:stanga 2027-12-31"
    Och står etapp 1 i fasen Stänga
    Och slutar fasen Godkänna för etapp 1 fortfarande 2024-11-12
    Och slutar fasen Stänga för etapp 1 2025-11-30
    Och slutar fasen Initiera för etapp 2 2025-12-31
