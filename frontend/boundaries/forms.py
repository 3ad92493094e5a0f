"""The boundary upload form: the file and the options of ``import_boundaries``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.uploads import UploadTooLarge, upload_check
from geo.imports.reader import SUFFIXES
from geo.models import BOUNDARY_DATE, Level

UPLOAD_SUFFIXES = tuple(suffix for suffix in SUFFIXES if suffix != ".shp")


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Boundary file"),
        help_text=_("Zipped Shapefile (.zip with .shp, .shx, .dbf, .prj), GeoPackage, GeoJSON or KML."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.COMMUNE)
    valid_from = forms.DateField(
        label=_("Valid from"),
        required=False,
        help_text=_("The day these boundaries apply from (up to a year ahead); empty means today."),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[BOUNDARY_DATE],
    )
    srid = forms.IntegerField(
        label=_("Coordinate system (EPSG)"),
        required=False,
        min_value=1,
        help_text=_("Only for a file without .prj, e.g. 3405, 3406 or 5899 (VN-2000)."),
    )
    code_field = forms.CharField(label=_("Code field"), required=False, max_length=60)
    name_field = forms.CharField(label=_("Name field"), required=False, max_length=60)
    parent_field = forms.CharField(label=_("Parent code field"), required=False, max_length=60)
    population_field = forms.CharField(label=_("Population field"), required=False, max_length=60)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(
                _("%(name)s is not a boundary file: upload a .zip, .gpkg, .geojson, .json, .kml or .kmz.")
                % {"name": upload.name}
            )
        try:
            upload_check(upload)
        except UploadTooLarge as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
