# language: sv
Egenskap: Driftsättning av en etapp med alla dess kommuner på en gång
  Samtliga enheter i ett område driftsätts samtidigt (§3.2). Etappen lämnar
  Godkänna med övergångsplan, Hyper Care-team och förändringsövervakning
  (§3.3), och varje kommun har sina planer, utbildad personal och etablerade
  integrationer (§1.5, §2.2). Etappen och kommunerna flyttas i ett steg, eller inte alls.

  Bakgrund:
    Givet programmet är uppstartat med alla etapper och kommuner

  @s3.2 @s3.3 @R7 @R8 @medges
  Scenario: Etappen och alla dess kommuner driftsätts i ett och samma steg
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har all evidens för fasen Godkänna
    Och alla kommuner i etapp 1 har all evidens för fasen Godkänna
    När huvudprojektledaren för etapp 1 vidare
    Så står etapp 1 och alla dess kommuner i fasen Stänga
    Och flyttades de i en och samma transaktion

  @s3.3 @R7 @nekas
  Scenario: Utan övergångsplan, Hyper Care-team och förändringsövervakning driftsätts ingenting
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och alla kommuner i etapp 1 har all evidens för fasen Godkänna
    När huvudprojektledaren för etapp 1 vidare
    Så vägras det av en spärr
    Och beskedet nämner "cutover-plan", "hypercare-team" och "forandringsovervakning"
    Och ingenting registreras
    Och står etapp 1 och alla dess kommuner i fasen Godkänna

  @s1.5 @s2.2 @R8 @nekas
  Scenariomall: En kommun utan <vad> stoppar hela etappen och nämns i beskedet
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har all evidens för fasen Godkänna
    Och alla kommuner i etapp 1 utom kommunen Mark har all evidens för fasen Godkänna
    Och kommunen Mark har all evidens för fasen Godkänna utom "<nyckel>"
    När huvudprojektledaren för etapp 1 vidare
    Så vägras det av en spärr
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
    Och etapp 1 har all evidens för fasen Godkänna
    Och alla kommuner i etapp 1 utom kommunen Tranemo och kommunen Vårgårda har all evidens för fasen Godkänna
    När huvudprojektledaren för etapp 1 vidare
    Så vägras det av en spärr
    Och beskedet nämner "tranemo: plan-produktionsstorning", "tranemo: integrationer-etablerade", "vargarda: personal-utbildad" och "vargarda: plan-systemovergang"
    Och ingenting registreras

  @s3.2 @R7 @nekas
  Scenario: En kommun driftsätts inte på egen hand
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och kommunen Borås har all evidens för fasen Godkänna
    När projektledaren i Borås för kommunen Borås vidare
    Så vägras det av en spärr
    Och beskedet nämner "goes live together with etapp-1"
    Och ingenting registreras

  @s3.2 @R7 @nekas
  Scenario: En kommun som ligger efter stoppar driftsättningen
    Givet etapp 1 står i fasen Godkänna men kommunen Vårgårda står kvar i fasen Acceptera
    Och etapp 1 har all evidens för fasen Godkänna
    Och alla kommuner i etapp 1 utom kommunen Vårgårda har all evidens för fasen Godkänna
    När huvudprojektledaren för etapp 1 vidare
    Så vägras det av en spärr
    Och beskedet nämner "vargarda: in acceptera, not godkanna"
    Och ingenting registreras

  @s3.2 @R7 @seed003 @R13 @nekas
  Scenario: En pausad kommun stoppar driftsättningen
    Givet etapp 1 och dess kommuner står i fasen Godkänna
    Och etapp 1 har all evidens för fasen Godkänna
    Och alla kommuner i etapp 1 har all evidens för fasen Godkänna
    Och projektägaren har pausat kommunen Borås med skälet "Lokal organisationsförändring"
    När huvudprojektledaren för etapp 1 vidare
    Så vägras det av en spärr
    Och beskedet nämner "boras: paused"
    Och ingenting registreras
