; Registers Tandem as a handler for tel:, sip: and callto: links on Windows (electron-builder registers protocols only on
; macOS and Linux). Included by the NSIS installer through nsis.include in build/electron-builder.yml.
;
; Windows 10 and 11 never let an installer make itself the default for a scheme: we declare the capability
; (RegisteredApplications -> Capabilities\URLAssociations -> a ProgID), and the agent or IT picks Tandem in
; Settings > Apps > Default apps, or IT deploys the choice with a default-associations XML (DISM /Import-DefaultAppAssociations).
;
; SHCTX is HKLM for a per-machine install and HKCU for a per-user one, as chosen on the install-mode page or
; with /allusers or /currentuser on a silent install.

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\Tandem.Link" "" "Tandem telephone link"
  WriteRegStr SHCTX "Software\Classes\Tandem.Link" "FriendlyTypeName" "Tandem telephone link"
  WriteRegStr SHCTX "Software\Classes\Tandem.Link\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\Tandem.Link\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'

  WriteRegStr SHCTX "Software\Tandem\Capabilities" "ApplicationName" "Tandem"
  WriteRegStr SHCTX "Software\Tandem\Capabilities" "ApplicationDescription" "Contact center softphone"
  WriteRegStr SHCTX "Software\Tandem\Capabilities\URLAssociations" "tel" "Tandem.Link"
  WriteRegStr SHCTX "Software\Tandem\Capabilities\URLAssociations" "sip" "Tandem.Link"
  WriteRegStr SHCTX "Software\Tandem\Capabilities\URLAssociations" "callto" "Tandem.Link"
  WriteRegStr SHCTX "Software\RegisteredApplications" "Tandem" "Software\Tandem\Capabilities"
!macroend

!macro customUnInstall
  DeleteRegValue SHCTX "Software\RegisteredApplications" "Tandem"
  DeleteRegKey SHCTX "Software\Tandem\Capabilities"
  DeleteRegKey /ifempty SHCTX "Software\Tandem"
  DeleteRegKey SHCTX "Software\Classes\Tandem.Link"
!macroend
