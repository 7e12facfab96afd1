# language: sv
Egenskap: Driftsättning av en etapp med alla dess kommuner på en gång
  Samtliga enheter i ett område driftsätts samtidigt (§3.2). Etappen lämnar
  Godkänna med övergångsplan, Hyper Care-team och förändringsövervakning
  (§3.3), och varje kommun har sina planer, utbildad personal och etablerade
  integrationer (§1.5, §2.2). Etappen och kommunerna flyttas i ett steg, eller inte alls.
  Driftsättningen sker först efter ett uttryckligt go-beslut av
  programstyrgruppen, som också beslutar leveransens acceptans (§3.4; vår
  läsning, se README). Huvudprojektledaren, som leder det operativa arbetet
  (§5.8), för etappen vidare; en delprojektledare med ett eget område gör det inte.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s3.2 @s3.3 @R7 @R8 @medges
  Scenario: Etappen och alla dess kommuner driftsätts i ett och samma steg
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    Och programstyrgruppen har beslutat go-live för etapp 1
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 och alla dess kommuner i fasen Stänga
    Och flyttades de i en och samma transaktion

  @s3.3 @R7 @nekas
  Scenario: Utan övergångsplan, Hyper Care-team och förändringsövervakning driftsätts ingenting
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "cutover-plan", "hypercare-team" och "forandringsovervakning"
    Och ingenting registreras
    Och står etapp 1 och alla dess kommuner i fasen Godkänna

  @s1.5 @s2.2 @R8 @nekas
  Scenariomall: En kommun utan <vad> stoppar hela etappen och nämns i beskedet
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 utom kommunen Mark har allt underlag för fasen Godkänna
    Och kommunen Mark har allt underlag för fasen Godkänna utom "<nyckel>"
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "mark: <nyckel>"
    Och beskedet nämner bara kommunen Mark
    Och ingenting registreras
    Och står etapp 1 och alla dess kommuner i fasen Godkänna

    Exempel:
      | vad                                   | nyckel                   |
      | plan mot produktionsstörning          | plan-produktionsstorning |
      | plan för systemövergång och migrering | plan-systemovergang      |
      | utbildad personal                     | personal-utbildad        |
      | etablerade integrationer              | integrationer-etablerade |

  @s3.2 @R7 @R8 @nekas
  Scenario: Varje kommun som inte är redo nämns med det som saknas
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 utom kommunen Tranemo och kommunen Vårgårda har allt underlag för fasen Godkänna
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "tranemo: plan-produktionsstorning", "tranemo: integrationer-etablerade", "vargarda: personal-utbildad" och "vargarda: plan-systemovergang"
    Och ingenting registreras

  @s3.2 @R7 @nekas
  Scenario: En kommun driftsätts inte på egen hand
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och kommunen Borås har allt underlag för fasen Godkänna
    När projektledaren i Borås för kommunen Borås vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "driftsätts tillsammans med etapp-1"
    Och ingenting registreras

  @s3.2 @R7 @nekas
  Scenario: En kommun som ligger efter stoppar driftsättningen
    Givet etapp 1 står i fasen Godkänna men kommunen Vårgårda står kvar i fasen Acceptera
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 utom kommunen Vårgårda har allt underlag för fasen Godkänna
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "vargarda: i acceptera, inte godkanna"
    Och ingenting registreras

  @s3.2 @R7 @seed003 @R13 @nekas
  Scenario: En pausad kommun stoppar driftsättningen
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    Och projektägaren har pausat kommunen Borås med skälet "Lokal organisationsförändring"
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "boras: pausad"
    Och ingenting registreras

  @s3.3 @s3.4 @R7 @medges
  Scenario: Programstyrgruppen beslutar go-live med protokoll och etappen driftsätts
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    När programstyrgruppen beslutar go-live för etapp 1 med motiveringen "Alla enheter redo" och referensen "PSG 2024-11-11 §3"
    Så är go-live beslutat för etapp 1 av programstyrgrupp med referensen "PSG 2024-11-11 §3"
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 och alla dess kommuner i fasen Stänga

  @s3.3 @R7 @nekas
  Scenario: Utan go-beslut driftsätts ingenting
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "ett beslut om driftsättning (decide etapp-1 go-live) (nu: ingen)"
    Och ingenting registreras

  @s3.3 @R7 @nekas
  Scenario: Efter ett no-go-beslut driftsätts ingenting
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    Och programstyrgruppen har beslutat no-go för etapp 1
    När huvudprojektledaren för etapp 1 vidare
    Så nekas det eftersom villkor saknas
    Och beskedet nämner "(nu: no-go)"
    Och ingenting registreras

  @s5.8 @R7 @R15 @nekas
  Scenario: En delprojektledare driftsätter inte en hel etapp
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har allt underlag för fasen Godkänna
    Och alla kommuner i etapp 1 har allt underlag för fasen Godkänna
    Och programstyrgruppen har beslutat go-live för etapp 1
    När delprojektledaren för etapp 1 vidare
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "får inte driftsätta en hel etapp"
    Och ingenting registreras

  @s3.4 @R7 @R15 @nekas
  Scenario: Huvudprojektledaren beslutar inte go-live i programstyrgruppens namn
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    När huvudprojektledaren beslutar go-live för etapp 1 i programstyrgruppens namn
    Så nekas det eftersom aktören saknar behörighet
    Och beskedet nämner "inte ledamot i programstyrgrupp"
    Och ingenting registreras

  @s3.4 @R7 @nekas
  Scenario: Ett go-beslut registreras inte utan sitt protokoll
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    När programstyrgruppen beslutar go-live för etapp 1 utan referens
    Så nekas det som felaktig uppgift
    Och beskedet nämner "go-live (programstyrgrupp) behöver sitt dokument"
    Och ingenting registreras

  @s5 @R15 @medges
  Scenario: Det som saknas visar vem som får registrera det
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    När revisorn visar vad etapp 1 saknar
    Så får "huvudprojektledare" och "delprojektledare" registrera "cutover-plan"
    Och får "programstyrgrupp" registrera "beslut om driftsättning"
