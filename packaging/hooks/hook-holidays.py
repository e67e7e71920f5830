"""``holidays`` loads a country's module by name at run time (holidays.country_holidays("VN")) and its names from
gettext catalogs next to the package. The desk only asks for Vietnam (desk/calendar.py): ship its module and its
translations (vi, en_US, th), not the 4.7 MB of every country's catalogs."""

from PyInstaller.utils.hooks import collect_data_files

hiddenimports = ["holidays.countries.vietnam"]
datas = collect_data_files("holidays", includes=["locale/*/LC_MESSAGES/VN.mo"])
