"""Builds breached_passwords.txt.gz, the list samordna.accounts.passwords refuses by default:

    .venv/bin/python -m samordna.accounts.password_list

It is not a breach corpus (samordna downloads nothing, at run time or to build this). It is
written by hand from what published breach lists and password-cracking rules show people
choose when told to use a long password: a well-known long password, or a common word (a
season, a month, a city, a football club, "lösenord", "hemligt", "password" …) with a year,
digits or punctuation added. Only passwords of 12 characters or more are kept: shorter
ones are refused for their length. Django's CommonPasswordValidator checks its own 20,000.
An operator can use a larger list instead (BREACHED_PASSWORD_LIST, docs/security.md).
"""

import gzip
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "breached_passwords.txt.gz"
MIN_LENGTH = 12

# Long passwords as they appear in published breach lists, and keyboard walks.
LITERALS = """
password1234 password12345 password123456 password1234567 password12345678 password123!
passwordpassword password!!!! mypassword123 mynewpassword newpassword1 newpassword123
thisismypassword secretpassword topsecret123 nopassword123 changeme1234 changeme123!
administrator administrator1 administrator123 admin1234567 adminadmin123 letmeinletmein
trustno1trustno1 iloveyouiloveyou iloveyoubaby correcthorsebatterystaple
qwertyuiop123 qwertyuiop1234 qwertyuiop12345 qwertyuiopasdf qwertyuiopasdfghjkl
qwertyuiopasdfghjklzxcvbnm asdfghjklzxcvbnm asdfghjkl123 asdfghjkl1234 zxcvbnm12345
zxcvbnm123456 qwerty123456 qwerty1234567 qwerty12345678 qwerty123456789 qwertyqwerty
qwerty1234567890 1234567890qwerty 123456qwerty 123qweasdzxc 1234qwerasdf qweasdzxc123
qwertzuiop123 azertyuiop123 1q2w3e4r5t6y 1q2w3e4r5t6y7u 1q2w3e4r5t6y7u8i 1qaz2wsx3edc
1qaz2wsx3edc4rfv qazwsxedcrfv qazwsxedcrfvtgb zaq12wsxcde3 zaq1zaq1zaq1 1qazxsw23edc
!qaz@wsx#edc abc123456789 abcdefghijkl abcd12345678 abcdefgh1234 a1b2c3d4e5f6
123456789abc 123456789abcd 1234567890abc 123456789qwe 123abc123abc
asdfghjklöä1 asdfghjklöä123 qwertyuiopå1 qwertyuiopå123 hejhejhejhej hejsanhejsan
jagälskardig jagälskardig1 jagälskardig123 mittlösenord1 mittlösenord123 nyttlösenord1
nyttlösenord123 hemligtlösenord lösenordlösenord bytlösenord1 bytlösenord123
bytmignu1234 sverigesverige tjenatjena12 tjenatjena123
"""

# Words people build a password on; each is also tried with å, ä, ö written a, a, o.
WORDS = """
lösenord lösen hemligt hemlig hemlis nyckel inloggning välkommen hejsan hejhej
sommar vinter våren hösten sommaren vintern sommarlov jullov påsklov sportlov semester
midsommar midsommarafton julafton jultomten påsk nyår
januari februari mars april maj juni juli augusti september oktober november december
måndag tisdag onsdag torsdag fredag lördag söndag
sverige svensson svenska kommun kommunen region regionen landsting skolan förskolan
socialtjänsten elevhälsan kontoret jobbet arbetet personal samordna
stockholm göteborg malmö uppsala linköping örebro västerås helsingborg norrköping
jönköping umeå lund borås huddinge eskilstuna nacka halmstad botkyrka södertälje gävle
sundsvall luleå karlstad växjö kristianstad skellefteå falun östersund trollhättan kalmar
fotboll hockey innebandy hammarby djurgården aik ifkgöteborg malmöff frölunda brynäs
färjestad blåvitt zlatan
kärlek älskling mamma pappa familjen barnen katten hunden kaffe fika glass
password passw0rd p@ssword p@ssw0rd secret welcome welcome1 letmein changeme qwerty
admin master login summer winter spring autumn football baseball soccer hockey
iloveyou sunshine princess dragon monkey shadow superman batman starwars pokemon
liverpool chelsea arsenal manchester barcelona computer internet samsung whatever
michael jennifer jessica charlie
"""

# The years people add: from a birth year to next year's password change.
YEARS = [str(year) for year in range(1950, 2036)]
ENDINGS = ["", "!", "!!", "!!!", "?", "#", "."]
DIGITS = ["1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789"]


def plain(word: str) -> str:
    return word.translate(str.maketrans("åäö", "aao"))


def candidates() -> set[str]:
    words = {form for word in WORDS.split() for form in (word, plain(word))}
    found = set(LITERALS.split())
    for word in words:
        found.add(word + word)
        for year in YEARS:
            found.update(f"{word}{year}{ending}" for ending in ENDINGS)
            found.add(f"{year}{word}")
        for digits in DIGITS:
            found.update(f"{word}{digits}{ending}" for ending in ENDINGS)
        found.update(f"{word}{ending * 4}" for ending in ("!", "?", "1"))
    return {password.lower() for password in found if len(password) >= MIN_LENGTH}


def main() -> None:
    passwords = sorted(candidates())
    # mtime=0: the same words give the same bytes, so the file changes only with them.
    with gzip.GzipFile(OUTPUT, "wb", compresslevel=9, mtime=0) as out:
        out.write("".join(f"{password}\n" for password in passwords).encode())
    print(f"{len(passwords)} passwords written to {OUTPUT}")


if __name__ == "__main__":
    main()
