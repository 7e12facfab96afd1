# language: sv
Egenskap: Programmets verkliga historik spelas upp
  Avtal med Cerner i november 2018; hösten 2019 stod det klart att arbetet
  blev ungefär ett år försenat och en ny tidplan fastslogs i december 2019;
  reklamation i februari 2022 och ny tidplan beslutad 2022-05-17; driftsättning
  i södra 2024-11-12; införandet pausat 2024-11-15 (seeds/003, seeds/004).
  Etappernas tidplan är VGR:s och beslutas av Regionstyrelsen (§3.1, seeds/004).
  Den ursprungliga tidplanens datum för etapp 1 är en illustration (våren 2021);
  återupptagandet 2025-09-01 är antaget, det har ännu inte skett.

  @historik @s1.6 @s3.2 @s3.4 @R5 @R7 @R11 @seed003 @R13 @medges @nekas
  Scenario: Från avtalet 2018 via omplaneringar, pilotens driftsättning och pausen till återupptagandet
    Givet dagens datum är 2018-11-15
    Och programmet startades med den ursprungliga tidplanen där etapp 1 slutar fasen Godkänna 2021-04-13
    # Hösten 2019: ett års försening; ny tidplan i december 2019 med första driftstart våren 2022.
    När dagens datum är 2019-12-17
    Och regionstyrelsen beslutar ny tidplan för etapp 1 med motiveringen "Cerner underskattade anpassningen till patientdatalagen" och referensen "Reklamation 2019-10; tidplan 2019-12":
      | fas                    | datum      |
      | Initiera               | 2020-06-30 |
      | Designa-bygga-validera | 2021-06-30 |
      | Acceptera              | 2022-02-25 |
      | Godkänna               | 2022-04-12 |
      | Stänga                 | 2022-08-31 |
    Så slutar fasen Godkänna för etapp 1 2022-04-12
    # Reklamation 2022-02-02 och Regionstyrelsens nya tidplan 2022-05-17.
    När dagens datum är 2022-05-17
    Och regionstyrelsen beslutar ny tidplan för etapp 1 med motiveringen "Ny tidplan efter fortsatt kritik av leveransen" och referensen "Reklamation 2022-02-02; RS 2022-05-17":
      | fas                    | datum      |
      | Initiera               | 2023-03-31 |
      | Designa-bygga-validera | 2024-03-28 |
      | Acceptera              | 2024-09-30 |
      | Godkänna               | 2024-11-12 |
      | Stänga                 | 2025-02-28 |
    Så är etapp 1:s tidplan densamma som i den levererade standardplanen
    Och har etapp 1 två omplaneringar av fasen Godkänna beslutade av regionstyrelse
    När dagens datum är 2024-09-30
    Och etapp 1 och dess kommuner förs fram till fasen Acceptera
    Och programledningen bereder acceptansen för etapp 1
    Och programstyrgruppen accepterar etapp 1 med motiveringen "Acceptanstest genomfört" och referensen "PSG 2024-09-30"
    Och etapp 1 och alla dess kommuner registrerar allt underlag och förs till fasen Godkänna
    # Driftsättningen i södra 2024-11-12: etappen och de åtta kommunerna på en gång.
    När dagens datum är 2024-11-12
    # etapp kräver ett uttryckligt go-beslut (vår läsning av §3.3, se README); referensen är illustrativ.
    Och programstyrgruppen beslutar go-live för etapp 1 med referensen "PSG go/no-go (illustrativ)"
    Och huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 och alla dess kommuner i fasen Stänga
    # Införandet pausas 2024-11-15.
    När dagens datum är 2024-11-15
    Och projektägaren pausar programmet med skälet "Införandet pausat efter driftsättningen i södra"
    Och dagens datum är 2025-03-14
    Och etapp 1 har registrerat "driftstest-genomfort", "stangningsobjekt-klara", "overlamning-support", "lardomar-dokumenterade" och "tidplansjusteringar"
    Och huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "pausad med programme"
    Och ingenting registreras
    # Antaget: återupptagande 2025-09-01, 290 dagar efter pausen.
    När dagens datum är 2025-09-01
    Och regionstyrelsen återupptar programmet bortom programmets slut med motiveringen "Pausöverenskommelsens åtgärder är genomförda" och referensen "Antaget beslut"
    Så är återupptagandet registrerat med 290 pausade dagar och flyttade tidsfrister
    Och återupptagandet är registrerat med varningen "VästKoms finansiering 2019–2027 (2027-12-31, §6.1): etapp-4 phase:stanga 2028-01-15"
    Och står etapp 1 i fasen Stänga
    Och står kommunen Borås i fasen Stänga
    Och står etapp 2 i fasen Initiera
    Och står etapp 4 i fasen Initiera
    Och slutar fasen Godkänna för etapp 1 fortfarande 2024-11-12
    Och slutar fasen Stänga för etapp 1 2025-12-15
    Och slutar fasen Initiera för etapp 2 2026-01-15
    Och slutar fasen Godkänna för etapp 2 2027-02-05
    Och slutar fasen Godkänna för etapp 4 2027-07-30
    Och slutar fasen Stänga för kommunen Borås 2025-12-15
    Och är acceptansen för etapp 1 beslutad
    Och rapporterar programmet att det inte är driftsatt
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 i fasen Avslutad
